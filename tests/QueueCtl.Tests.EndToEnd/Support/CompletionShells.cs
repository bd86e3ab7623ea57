namespace QueueCtl.Tests.EndToEnd.Support;

/// <summary>
/// Runs the scripts of <c>queuectl completion SHELL</c>, as printed by the real CLI, in the real shells, and returns what
/// each shell would offer for a line with the cursor at a position:
/// <list type="bullet">
/// <item>bash: the completion function with <c>COMP_LINE</c>, <c>COMP_POINT</c>, <c>COMP_WORDS</c> and
/// <c>COMP_CWORD</c> set as bash sets them for readline; what it leaves in <c>COMPREPLY</c>;</item>
/// <item>zsh: the completion function after <c>compinit</c>, with <c>words</c>, <c>CURRENT</c> and <c>PREFIX</c> set
/// for the line; what it gives <c>compadd</c> (a stand-in that prints its words), or <c>(files)</c> when it falls back
/// to <c>_files</c>;</item>
/// <item>PowerShell: <c>TabExpansion2</c>, what the console calls on Tab; the texts of its completion matches.</item>
/// </list>
/// zsh and pwsh are not in the base image: .ci/run installs them (apt's zsh, the PowerShell .NET tool).
/// </summary>
internal sealed class CompletionShells : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private const string BashHarness = """
        source "$1" || exit 90
        COMP_LINE=$2
        COMP_POINT=$3
        read -ra COMP_WORDS <<<"${COMP_LINE:0:COMP_POINT}"
        [[ ${COMP_LINE:0:COMP_POINT} != *" " ]] || COMP_WORDS+=("")
        COMP_WORDS[0]=$4
        COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
        _queuectl_complete "$4" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
        (( ${#COMPREPLY[@]} == 0 )) || printf '%s\n' "${COMPREPLY[@]}"
        """;

    private const string ZshHarness = """
        autoload -Uz compinit && compinit -u -D || exit 90
        source "$1" || exit 91
        compadd() { [[ $1 == -- ]] && shift; print -rl -- "$@" }
        _files() { print -r -- "(files)" }
        lbuffer=${2[1,$3]}
        words=(${(z)lbuffer})
        [[ -n $lbuffer && $lbuffer != *[[:space:]] ]] || words+=('')
        words[1]=$4
        CURRENT=${#words}
        PREFIX=${words[CURRENT]}
        _queuectl
        """;

    private const string PwshHarness = """
        param($Script, $Line, $Cursor)
        . $Script
        (TabExpansion2 -inputScript $Line -cursorColumn ([int]$Cursor)).CompletionMatches | ForEach-Object { $_.CompletionText }
        """;

    private readonly string _directory;

    private CompletionShells(string directory) => _directory = directory;

    /// <summary>The three scripts printed by the real CLI, with the harnesses, in a new temporary directory.</summary>
    public static async Task<CompletionShells> CreateAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "queuectl-completion-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        var shells = new CompletionShells(directory);
        try
        {
            foreach (var shell in new[] { "bash", "zsh", "pwsh" })
            {
                var printed = (await Cli.RunProcessAsync(Binaries.Cli, ["completion", shell], Cli.Environment(directory, "127.0.0.1:1"), null, Timeout))
                    .Succeeded();
                File.WriteAllText(shells.ScriptPath(shell), printed.Stdout);
            }
            File.WriteAllText(Path.Combine(directory, "harness.ps1"), PwshHarness);
            return shells;
        }
        catch
        {
            shells.Dispose();
            throw;
        }
    }

    public string ScriptPath(string shell) => Path.Combine(_directory, shell switch
    {
        "bash" => "queuectl.bash",
        "zsh" => "_queuectl",
        _ => "queuectl.ps1",
    });

    /// <summary>What bash leaves in COMPREPLY for <paramref name="line"/> with the cursor at <paramref name="point"/> (the end if -1).</summary>
    public Task<CompletionRun> BashAsync(IReadOnlyDictionary<string, string?> environment, string line, int point = -1, string commandWord = "queuectl") =>
        RunAsync("bash", ["--norc", "--noprofile", "-c", BashHarness, "bash", ScriptPath("bash"), line, Point(line, point), commandWord], environment);

    /// <summary>What zsh's completion function hands compadd for the line up to <paramref name="point"/>.</summary>
    public Task<CompletionRun> ZshAsync(IReadOnlyDictionary<string, string?> environment, string line, int point = -1) =>
        RunAsync(Find("zsh", "apt-get install zsh"), ["-f", "-c", ZshHarness, "zsh", ScriptPath("zsh"), line, Point(line, point), "queuectl"], environment);

    /// <summary>The completion texts PowerShell's TabExpansion2 returns for the line with the cursor at <paramref name="point"/>.</summary>
    public Task<CompletionRun> PwshAsync(IReadOnlyDictionary<string, string?> environment, string line, int point = -1) =>
        RunAsync(
            Find("pwsh", "dotnet tool install --global PowerShell --version 7.6.10"),
            ["-NoProfile", "-NonInteractive", "-File", Path.Combine(_directory, "harness.ps1"), ScriptPath("pwsh"), line, Point(line, point)],
            new Dictionary<string, string?>(environment) { ["POWERSHELL_TELEMETRY_OPTOUT"] = "1", ["POWERSHELL_UPDATECHECK"] = "Off" });

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string Point(string line, int point) => (point < 0 ? line.Length : point).ToString();

    private static async Task<CompletionRun> RunAsync(string shell, string[] args, IReadOnlyDictionary<string, string?> environment)
    {
        var result = await Cli.RunProcessAsync(shell, args, environment, stdin: null, Timeout);
        return new CompletionRun(result, result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>A shell on PATH, or a .NET tool in ~/.dotnet/tools; a test that needs a missing one fails saying how to install it.</summary>
    private static string Find(string name, string install)
    {
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools"));
        return directories.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"{name} is not installed; install it with `{install}` (.ci/run does)");
    }
}

/// <summary>One completion in a shell: the words offered, and the whole run for assertion messages.</summary>
internal sealed record CompletionRun(CliResult Run, string[] Words)
{
    public override string ToString() => Run.ToString();
}
