using QueueCtl.Tests.EndToEnd.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.EndToEnd;

/// <summary>
/// Issue 13, one attempt's output, through the real CLI and host: <c>queuectl logs ID --attempt N</c> prints only the Nth
/// run's output, counting on across <c>dlq retry</c>; attempt numbers it does not have exit 2 with the range it has.
/// With the host's own runner, and again with the portable one (<see cref="PortableLogsAttemptTests"/>), whose shell
/// creates the log its own way.
/// </summary>
public class LogsAttemptTests(ITestOutputHelper output)
{
    /// <summary>The runner the host is told to use (<c>QUEUECTL_RUNNER</c>), or null for its own choice.</summary>
    private protected virtual string? Runner => null;

    [Fact]
    public async Task Attempt_PrintsOnlyThatRunsOutput_WhenTheJobFailedOnceThenSucceeded()
    {
        await using var host = await TestHost.StartAsync(output, runner: Runner);
        var cli = host.Cli;
        (await cli.RunAsync("config", "set", "backoff-base", "1")).Succeeded();
        var marker = Path.Combine(host.Home, "ran-once");
        (await cli.RunAsync("enqueue", "--id", "flaky", "--max-retries", "2",
            $"if [ -f '{marker}' ]; then echo second try; else touch '{marker}'; echo first try; echo oops >&2; exit 1; fi")).Succeeded();
        (await cli.RunAsync("worker", "start")).Succeeded();
        (await cli.RunAsync("wait", "flaky")).Succeeded();

        var second = (await cli.RunAsync("logs", "flaky", "--attempt", "2")).Succeeded();
        var first = (await cli.RunAsync("logs", "flaky", "--attempt", "1")).Succeeded();
        var json = (await cli.RunAsync("logs", "flaky", "--attempt", "2", "--json")).Succeeded().Json();
        var all = (await cli.RunAsync("logs", "flaky")).Succeeded();

        Assert.Equal("second try\n", second.Stdout);
        Assert.Equal("first try\noops\n", first.Stdout);
        Assert.Equal(("flaky", 2, "second try\n"), (json.Str("id"), json.Int("attempt"), json.Str("log")));
        Assert.Equal("first try\noops\nsecond try\n", all.Stdout);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(host.Home, "logs", "flaky.runs")));
        }
    }

    [Fact]
    public async Task Attempt_CountsOnAcrossDlqRetry_WhereAttemptsStartAgainAtOne()
    {
        await using var host = await TestHost.StartAsync(output, runner: Runner);
        var cli = host.Cli;
        (await cli.RunAsync("enqueue", "--id", "again", "--max-retries", "0", "echo run at $(cat /proc/uptime | cut -d' ' -f1); exit 2")).Succeeded();
        (await cli.RunAsync("worker", "start")).Succeeded();
        (await cli.RunAsync("wait", "again")).Exited(4);
        (await cli.RunAsync("dlq", "retry", "again")).Succeeded();
        (await cli.RunAsync("wait", "again")).Exited(4);

        var first = (await cli.RunAsync("logs", "again", "--attempt", "1")).Succeeded().Stdout;
        var second = (await cli.RunAsync("logs", "again", "--attempt", "2")).Succeeded().Stdout;

        Assert.Equal(1, (await cli.ShowAsync("again")).Int("attempts"));
        Assert.StartsWith("run at ", first);
        Assert.StartsWith("run at ", second);
        Assert.NotEqual(first, second);
        Assert.Equal(first + second, (await cli.RunAsync("logs", "again")).Succeeded().Stdout);
    }

    [Theory]
    [InlineData("0", "queuectl: --attempt 0 does not name an attempt; attempts count from 1")]
    [InlineData("-1", "queuectl: --attempt -1 does not name an attempt; attempts count from 1")]
    [InlineData("two", "--attempt must be a whole number, not 'two'")]
    [InlineData("3", "queuectl: job 'once' has run 1 time, so there is no attempt 3; give --attempt a number from 1 to 1")]
    public async Task Attempt_ExitsTwoSayingWhy_WhenTheJobHasNoSuchAttempt(string attempt, string message)
    {
        await using var host = await TestHost.StartAsync(output, runner: Runner);
        var cli = host.Cli;
        (await cli.RunAsync("enqueue", "--id", "once", "echo hi")).Succeeded();
        (await cli.RunAsync("worker", "start")).Succeeded();
        (await cli.RunAsync("wait", "once")).Succeeded();

        var refused = (await cli.RunAsync("logs", "once", "--attempt", attempt)).Exited(2);

        Assert.Contains(message, refused.Stderr);
        Assert.Empty(refused.Stdout);
    }

    [Fact]
    public async Task Attempt_ExitsTwo_WhenCombinedWithFollow_OrTheJobHasNotRun()
    {
        await using var host = await TestHost.StartAsync(output, runner: Runner);
        var cli = host.Cli;
        (await cli.RunAsync("enqueue", "--id", "waiting", "echo hi")).Succeeded();

        var withFollow = (await cli.RunAsync("logs", "waiting", "--attempt", "1", "--follow")).Exited(2);
        var notRun = (await cli.RunAsync("logs", "waiting", "--attempt", "1")).Exited(2);

        Assert.StartsWith("queuectl: --attempt cannot be combined with --follow", withFollow.Stderr);
        Assert.StartsWith("queuectl: job 'waiting' has not run yet, so it has no attempt 1", notRun.Stderr);
    }
}

/// <summary><see cref="LogsAttemptTests"/> with the portable runner (System.Diagnostics.Process).</summary>
public sealed class PortableLogsAttemptTests(ITestOutputHelper output) : LogsAttemptTests(output)
{
    private protected override string? Runner => "portable";
}
