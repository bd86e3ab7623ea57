using QueueCtl.Tests.EndToEnd.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.EndToEnd;

/// <summary>
/// Issue 12, shell completion: the scripts of <c>queuectl completion bash|zsh|pwsh</c> run in bash, zsh and PowerShell
/// and call back into the real CLI. Bash offers what readline will put in place of the text after the last of
/// COMP_WORDBREAKS (<c>--state=d</c> → <c>dead</c>); zsh and PowerShell replace whole words (<c>--state=dead</c>).
/// Without a host nothing is offered for a job id and nothing is printed; with one, its job ids are.
/// </summary>
public sealed class CompletionScriptTests(CompletionScriptTests.Scripts scripts, ITestOutputHelper output)
    : IClassFixture<CompletionScriptTests.Scripts>
{
    /// <summary>The scripts as the CLI prints them, and an environment with no host: an empty data directory and a closed port.</summary>
    public sealed class Scripts : IAsyncLifetime
    {
        private readonly string _home = Path.Combine(Path.GetTempPath(), "queuectl-e2e-" + Guid.NewGuid().ToString("N")[..12]);

        internal CompletionShells Shells { get; private set; } = null!;

        internal Dictionary<string, string?> NoHost => WithTimeout(Cli.Environment(_home, $"127.0.0.1:{FreePort.Next()}"));

        public async Task InitializeAsync()
        {
            Directory.CreateDirectory(_home);
            Shells = await CompletionShells.CreateAsync();
        }

        public Task DisposeAsync()
        {
            Shells?.Dispose();
            Directory.Delete(_home, recursive: true);
            return Task.CompletedTask;
        }
    }

    /// <summary>line, cursor (-1: the end), what bash offers, what zsh and PowerShell offer.</summary>
    private static readonly (string Line, int Point, string Bash, string Whole)[] Cases =
    [
        ("queuectl li", -1, "list", "list"),
        ("queuectl dlq r", -1, "retry", "retry"),
        ("queuectl list --st", -1, "--state", "--state"),
        ("queuectl list --state p", -1, "pending processing", "pending processing"),
        ("queuectl list --state=d", -1, "dead", "--state=dead"),
        ("queuectl config get max", -1, "max-retries", "max-retries"),
        ("queuectl config set backoff-", -1, "backoff-base backoff-max-seconds", "backoff-base backoff-max-seconds"),
        ("queuectl completion ", -1, "bash pwsh zsh", "bash pwsh zsh"),
        ("queuectl li --json", 11, "list", "list"),
        ("queuectl list --st dead --json", 18, "--state", "--state"),
        ("queuectl enqueue 'echo a b' --j", -1, "--json", "--json"),
        ("queuectl enqueue \"echo \\\"a b\\\"\" --max", -1, "--max-retries", "--max-retries"),
    ];

    public static IEnumerable<object[]> BashCases => Cases.Select(c => new object[] { c.Line, c.Point, c.Bash });

    public static IEnumerable<object[]> WholeWordCases => Cases.Select(c => new object[] { c.Line, c.Point, c.Whole });

    [Theory]
    [MemberData(nameof(BashCases))]
    public async Task BashScript_OffersWhatReadlineInserts(string line, int point, string expected)
    {
        AssertOffers(expected, await scripts.Shells.BashAsync(scripts.NoHost, line, point));
    }

    [Theory]
    [MemberData(nameof(WholeWordCases))]
    public async Task ZshScript_OffersWholeWords(string line, int point, string expected)
    {
        AssertOffers(expected, await scripts.Shells.ZshAsync(scripts.NoHost, line, point));
    }

    [Fact]
    public async Task PwshScript_OffersWholeWords()
    {
        // One PowerShell for all lines would hide which failed; one each costs seconds of start-up, so one test walks them.
        // \" is no escape in PowerShell: that line means something else there.
        foreach (var (line, point, _, whole) in Cases.Where(c => !c.Line.Contains('"')))
        {
            AssertOffers(whole, await scripts.Shells.PwshAsync(scripts.NoHost, line, point));
        }
    }

    [Fact]
    public async Task BashScript_RegistersForQueuectlAndRunsTheCommandTyped_WhenItsProgramIsGone()
    {
        var script = scripts.Shells.ScriptPath("bash");
        var text = File.ReadAllText(script);
        Assert.Contains($"local program='{Binaries.Cli}'", text);
        Assert.Contains("\ncomplete -o default -F _queuectl_complete queuectl\n", text);

        File.WriteAllText(script, text.Replace($"local program='{Binaries.Cli}'", "local program='/nonexistent/queuectl'"));
        try
        {
            var run = await scripts.Shells.BashAsync(scripts.NoHost, $"{Binaries.Cli} config ", commandWord: Binaries.Cli);
            AssertOffers("get set show", run);
        }
        finally
        {
            File.WriteAllText(script, text);
        }
    }

    [Fact]
    public async Task Scripts_OfferNoJobIdsAndPrintNothing_WhenNoHost()
    {
        AssertOffers("", await scripts.Shells.BashAsync(scripts.NoHost, "queuectl show "));
        AssertOffers("(files)", await scripts.Shells.ZshAsync(scripts.NoHost, "queuectl dlq retry "));
    }

    [Fact]
    public async Task Scripts_OfferTheHostsJobIds_WhenHostRuns()
    {
        await using var host = await TestHost.StartAsync(output);
        (await host.Cli.RunAsync("enqueue", "--id", "build:41", "true")).Succeeded();
        (await host.Cli.RunAsync("enqueue", "--id", "build:42", "true")).Succeeded();
        (await host.Cli.RunAsync("enqueue", "--id", "broken", "--max-retries", "0", "exit 3")).Succeeded();
        (await host.Cli.RunAsync("worker", "start")).Succeeded();
        (await host.Cli.RunAsync("wait", "build:41", "build:42", "broken")).Exited(4);
        var environment = WithTimeout(Cli.Environment(host.Home, host.Address));

        AssertOffers("41 42", await scripts.Shells.BashAsync(environment, "queuectl show build:"));
        AssertOffers("broken build:41 build:42", await scripts.Shells.BashAsync(environment, "queuectl logs "));
        AssertOffers("broken", await scripts.Shells.BashAsync(environment, "queuectl dlq retry "));
        AssertOffers("build:41 build:42", await scripts.Shells.ZshAsync(environment, "queuectl wait broken build:"));
        AssertOffers("build:41 build:42", await scripts.Shells.PwshAsync(environment, "queuectl show build:4"));
    }

    /// <summary>The CLI under test is a JIT build on a shared machine: give the job-id call time (the default is 1 s).</summary>
    private static Dictionary<string, string?> WithTimeout(Dictionary<string, string?> environment)
    {
        environment["QUEUECTL_COMPLETION_TIMEOUT"] = "60";
        return environment;
    }

    private void AssertOffers(string expected, CompletionRun run)
    {
        output.WriteLine(run.ToString());
        Assert.True(run.Run.ExitCode == 0, $"the shell exited {run.Run.ExitCode}:\n{run}");
        Assert.True(run.Run.Stderr == "", $"something was printed on stderr:\n{run}");
        Assert.Equal(expected.Split(' ', StringSplitOptions.RemoveEmptyEntries), run.Words);
    }
}
