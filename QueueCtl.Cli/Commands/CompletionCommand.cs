using System.CommandLine;
using QueueCtl.Cli.Completion;

namespace QueueCtl.Cli.Commands;

/// <summary>
/// <c>queuectl completion bash|zsh|pwsh</c>: prints the shell's completion script (<see cref="CompletionScripts"/>);
/// no host is involved. An unknown shell exits 2.
/// </summary>
internal static class CompletionCommand
{
    public static Command Create(CliContext cli)
    {
        var shell = new Argument<string>("SHELL") { Description = $"One of: {ShellNames}" };
        shell.CompletionSources.Add([.. CompletionScripts.Shells]);
        var command = new Command("completion", $"Print a shell completion script ({ShellNames}); see the README for how to load it") { shell };
        cli.SetAction(command, (parse, _) => Task.FromResult(ToOutcome(parse.GetValue(shell)!, CompletionScripts.CurrentProgram())));
        return command;
    }

    private static string ShellNames => string.Join(", ", CompletionScripts.Shells);

    public static CliOutcome ToOutcome(string shell, string? program) =>
        CompletionScripts.For(shell, program) is { } script
            ? CliOutcome.Text(script)
            : CliOutcome.Usage($"unknown shell '{shell}'", $"use one of: {ShellNames}, e.g. `queuectl completion bash`");
}
