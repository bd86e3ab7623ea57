using QueueCtl.Cli;
using QueueCtl.Cli.Commands;
using QueueCtl.Cli.Completion;

namespace QueueCtl.Tests.Cli;

/// <summary>
/// <c>queuectl "[suggest]" LINE</c>, the call every completion script makes, run in-process: what it prints for the word
/// at the end of LINE. Lines that reach a job id name a closed port as the host: no host, no ids, nothing printed.
/// </summary>
public class CompletionTests
{
    private const string Verbs = "cancel clean completion config dashboard dlq enqueue host list logs metrics queue schedule show status wait worker";
    private const string States = "completed dead failed pending processing";
    private const string Keys = "backoff-base backoff-max-seconds job-timeout-seconds keep-completed-for keep-completed-max keep-dead-for keep-dead-max max-retries";

    [Theory]
    [InlineData("queuectl ", Verbs)]
    [InlineData("queuectl li", "list")]
    [InlineData("queuectl st", "status")]
    [InlineData("queuectl l", "list logs")]
    [InlineData("queuectl dlq ", "list retry")]
    [InlineData("queuectl worker s", "start stop")]
    [InlineData("queuectl host ", "run start stop")]
    [InlineData("queuectl config ", "get set show")]
    [InlineData("queuectl schedule ", "add list remove")]
    [InlineData("queuectl s", "schedule show status")]
    [InlineData("queuectl completion ", "bash pwsh zsh")]
    [InlineData("queuectl completion z", "zsh")]
    [InlineData("./queuectl li", "list")]
    [InlineData("/opt/bin/qc li", "list")]
    public Task Suggest_CompletesVerbsAndSubverbs(string line, string expected) => AssertCompletionsAsync(line, expected);

    [Theory]
    [InlineData("queuectl list -", "--grep --help --host --json --limit --offset --sort --state -? -h -n -s")]
    [InlineData("queuectl list --", "--grep --help --host --json --limit --offset --sort --state")]
    [InlineData("queuectl list --l", "--limit")]
    [InlineData("queuectl -", "--help --host --json --version -? -h")]
    [InlineData("queuectl worker start --c", "--count")]
    [InlineData("queuectl enqueue --max", "--max-retries")]
    [InlineData("queuectl schedule add --", "--help --host --json --max-retries --priority --queue --timeout --tz")]
    [InlineData("queuectl schedule add --tz Europe/Par", "Europe/Paris")]
    [InlineData("queuectl dlq retry --a", "--all")]
    [InlineData("queuectl list --json --", "--grep --help --host --limit --offset --sort --state")]
    [InlineData("queuectl list --json ", "--grep --help --host --limit --offset --sort --state")]
    [InlineData("queuectl dlq list --", "--grep --help --host --json --limit --offset --sort")]
    [InlineData("queuectl clean --", "--all --help --host --json --older-than --state")]
    [InlineData("queuectl clean --state completed --", "--all --help --host --json --older-than")]
    [InlineData("queuectl status ", "--help --host --json")]
    public Task Suggest_CompletesOptionsNotYetGiven(string line, string expected) => AssertCompletionsAsync(line, expected);

    [Theory]
    [InlineData("queuectl list --state ", States)]
    [InlineData("queuectl list --state p", "pending processing")]
    [InlineData("queuectl list -s d", "dead")]
    [InlineData("queuectl list --json --state f", "failed")]
    [InlineData("queuectl list --state=", "--state=completed --state=dead --state=failed --state=pending --state=processing")]
    [InlineData("queuectl list --state=pe", "--state=pending")]
    [InlineData("queuectl list --state x", "")]
    [InlineData("queuectl list --limit ", "")]
    [InlineData("queuectl list --sort ", "created newest priority updated")]
    [InlineData("queuectl dlq list --sort p", "priority")]
    [InlineData("queuectl clean --state ", "completed dead")]
    public Task Suggest_CompletesStateValues(string line, string expected) => AssertCompletionsAsync(line, expected);

    [Theory]
    [InlineData("queuectl config get ", Keys)]
    [InlineData("queuectl config set backoff", "backoff-base backoff-max-seconds")]
    [InlineData("queuectl config set keep-c", "keep-completed-for keep-completed-max")]
    [InlineData("queuectl config get 'max", "max-retries")]
    [InlineData("queuectl config get \"max-r", "max-retries")]
    [InlineData("queuectl config set max-retries ", "")]
    [InlineData("queuectl config set max-retries 5 ", "--help --host --json")]
    public Task Suggest_CompletesConfigKeysForTheKeyOnly(string line, string expected) => AssertCompletionsAsync(line, expected);

    [Theory]
    [InlineData("queuectl enqueue 'echo a b' --j", "--json")]
    [InlineData("queuectl enqueue \"echo \\\"x\\\" y\" --ho", "--host")]
    [InlineData("queuectl enqueue '{\"id\":\"a\",\"command\":\"x y\"}' --i", "--id")]
    [InlineData("queuectl enqueue echo\\ a --m", "--max-retries")]
    public Task Suggest_SplitsQuotedWordsAsTheShellDoes(string line, string expected) => AssertCompletionsAsync(line, expected);

    [Theory]
    [InlineData("queuectl")]
    [InlineData("")]
    [InlineData("queuectl enqueue ")]
    [InlineData("queuectl -- ")]
    [InlineData("queuectl list -- -")]
    public Task Suggest_PrintsNothing_WhenNothingFits(string line) => AssertCompletionsAsync(line, "");

    [Theory]
    [InlineData("queuectl show --host {host} ")]
    [InlineData("queuectl logs --host {host} a")]
    [InlineData("queuectl wait --host {host} a b ")]
    [InlineData("queuectl dlq retry --host={host} ")]
    public async Task Suggest_OffersNoJobIdsAndPrintsNothing_WhenNoHost(string line)
    {
        var result = await CliRunner.RunAsync("[suggest]", line.Replace("{host}", ClosedPort.HostOption()));
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Equal("", result.Stderr);
    }

    [Theory]
    [InlineData("[suggest:11]", "queuectl li --json", "list")]
    [InlineData("[suggest:18]", "queuectl list --st dead", "--state")]
    [InlineData("[suggest:9]", "queuectl show x", Verbs)]
    [InlineData("[suggest:99]", "queuectl li", "list")]
    public async Task Suggest_CompletesAtThePositionGiven_WhenCursorIsMidLine(string directive, string line, string expected) =>
        Assert.Equal(Words(expected), await SuggestAsync(directive, line));

    [Fact]
    public void Complete_OffersTheWordsOfTheCommandTree_WhenGivenTheRootCommand()
    {
        var root = CliApp.Build(new CliContext(new CliConsole(TextWriter.Null, TextWriter.Null, () => Stream.Null), () => DateTimeOffset.UnixEpoch));
        Assert.Equal(Words(Verbs), Completer.Complete(root, "queuectl "));
        Assert.Equal(Words(States), Completer.Complete(root, "queuectl list --state "));
    }

    private static async Task AssertCompletionsAsync(string line, string expected) =>
        Assert.Equal(Words(expected), await SuggestAsync("[suggest]", line));

    private static async Task<string[]> SuggestAsync(string directive, string line)
    {
        var result = await CliRunner.RunAsync(directive, line);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stderr);
        return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static string[] Words(string expected) => expected.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
