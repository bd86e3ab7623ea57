using QueueCtl.Cli.Commands;

namespace QueueCtl.Tests.Cli;

/// <summary><c>queuectl completion SHELL</c> prints the shell's script; any other shell exits 2. The scripts themselves run in EndToEnd's CompletionScriptTests.</summary>
public class CompletionCommandTests
{
    [Theory]
    [InlineData("bash", "complete -o default -F _queuectl_complete queuectl")]
    [InlineData("zsh", "compdef _queuectl queuectl")]
    [InlineData("pwsh", "Register-ArgumentCompleter -Native -CommandName queuectl")]
    public async Task Completion_PrintsTheShellsScript(string shell, string registration)
    {
        var result = await CliRunner.RunAsync("completion", shell);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stderr);
        Assert.Contains(registration, result.Stdout);
        Assert.Contains("[suggest]", result.Stdout);
        Assert.DoesNotContain("@PROGRAM@", result.Stdout);
    }

    [Fact]
    public async Task Completion_StartsWithCompdef_ForZshsFpath()
    {
        var result = await CliRunner.RunAsync("completion", "zsh");
        Assert.StartsWith("#compdef queuectl\n", result.Stdout);
    }

    [Theory]
    [InlineData("fish")]
    [InlineData("BASH")]
    [InlineData("powershell")]
    public async Task Completion_ExitsTwoNamingTheShells_WhenShellUnknown(string shell)
    {
        var result = await CliRunner.RunAsync("completion", shell);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Equal($"queuectl: unknown shell '{shell}'; use one of: bash, zsh, pwsh, e.g. `queuectl completion bash`\n", result.Stderr);
    }

    [Fact]
    public async Task Completion_ExitsTwoInHouseFormat_WhenShellMissing()
    {
        var result = await CliRunner.RunAsync("completion");
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("queuectl: ", result.Stderr);
        Assert.Contains("see `", result.Stderr);
    }

    [Theory]
    [InlineData("bash", "local program='/opt/it'\\''s here/queuectl'")]
    [InlineData("zsh", "local program='/opt/it'\\''s here/queuectl'")]
    [InlineData("pwsh", "$program = '/opt/it''s here/queuectl'")]
    public void ToOutcome_WritesTheProgramQuotedForTheShell(string shell, string line)
    {
        var outcome = CompletionCommand.ToOutcome(shell, "/opt/it's here/queuectl");
        Assert.Contains(line, outcome.Stdout);
    }

    [Theory]
    [InlineData("bash", "local program=''")]
    [InlineData("zsh", "local program=''")]
    [InlineData("pwsh", "$program = ''")]
    public void ToOutcome_LeavesTheProgramToTheCommandTyped_WhenNotRunAsQueuectl(string shell, string line)
    {
        Assert.Contains(line, CompletionCommand.ToOutcome(shell, null).Stdout);
    }
}
