using System.Globalization;
using QueueCtl.Tests.EndToEnd.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.EndToEnd;

/// <summary>
/// Scenario 2: retries with the spec's exponential backoff, the dead letter queue, and bringing jobs back from it. With the
/// host's own runner, and again with the portable one (<see cref="PortableRetryBackoffTests"/>).
/// </summary>
public class RetryBackoffTests(ITestOutputHelper output)
{
    /// <summary>The runner the host is told to use (<c>QUEUECTL_RUNNER</c>), or null for its own choice.</summary>
    private protected virtual string? Runner => null;

    [Fact]
    public async Task FailingJob_RetriesAfterTwoThenFourSecondsEndsDeadAndRunsAgainFromTheDlq_WhenItAlwaysExitsOne()
    {
        await using var host = await TestHost.StartAsync(output, runner: Runner);
        var cli = host.Cli;
        var runs = Path.Combine(host.Home, "flaky-runs.txt");
        // Each run of flaky stamps its own start time, so the gaps are measured by the job, not by polling the CLI.
        // dead1 and dead2 die at once and are brought back by `dlq retry --all`.
        (await cli.RunAsync("enqueue", $$"""
            [{"id":"flaky","command":"date +%s.%N >> '{{runs}}'; exit 1","max_retries":2},
             {"id":"dead1","command":"exit 2","max_retries":0},
             {"id":"dead2","command":"exit 2","max_retries":0},
             {"id":"fine","command":"true"}]
            """)).Succeeded();
        (await cli.RunAsync("worker", "start", "--count", "2")).Succeeded();

        var waited = (await cli.RunAsync("wait", "flaky", "dead1", "dead2", "fine")).Exited(4);
        Assert.Contains("3 of 4 jobs ended dead", waited.Stderr);

        var starts = ReadStamps(runs);
        output.WriteLine($"flaky started at {string.Join(", ", starts.Select(s => s.ToString("0.000", CultureInfo.InvariantCulture)))}");
        Assert.Equal(3, starts.Count);
        AssertGap(starts[0], starts[1], expectedSeconds: 2);
        AssertGap(starts[1], starts[2], expectedSeconds: 4);

        var dead = await cli.ShowAsync("flaky");
        Assert.Equal("dead", dead.Str("state"));
        Assert.Equal(3, dead.Int("attempts"));
        Assert.Equal(1, dead.IntOrNull("exit_code"));
        Assert.Contains("exited with code 1", dead.Str("last_error"));
        Assert.Null(dead.Str("next_attempt_at"));
        Assert.Equal(
            ["pending", "processing", "failed", "pending", "processing", "failed", "pending", "processing", "dead"],
            dead.HistoryStates());

        var dlq = (await cli.RunAsync("dlq", "list", "--json")).Succeeded().Json();
        Assert.Equal(["dead1", "dead2", "flaky"], dlq.Ids().Order(StringComparer.Ordinal));
        Assert.All(dlq.EnumerateArray(), job => Assert.Contains("exited with code", job.Str("last_error")));
        var dlqText = (await cli.RunAsync("dlq", "list")).Succeeded().Stdout;
        Assert.Contains("flaky", dlqText);
        Assert.Contains("exited with code 1", dlqText);
        Assert.Contains("showing 3 of 3 dead jobs", dlqText);

        // With the workers stopped, retried jobs stay pending, so their reset can be seen before they run again.
        (await cli.RunAsync("worker", "stop")).Succeeded();
        var retried = (await cli.RunAsync("dlq", "retry", "flaky")).Succeeded();
        Assert.Contains("flaky", retried.Stdout);
        var pending = await cli.ShowAsync("flaky");
        Assert.Equal("pending", pending.Str("state"));
        Assert.Equal(0, pending.Int("attempts"));
        Assert.Contains("retried from the DLQ", pending.HistoryReasons()[^1]);

        var notDead = (await cli.RunAsync("dlq", "retry", "fine")).Exited(1);
        Assert.Contains("not dead", notDead.Stderr);

        var retriedAll = (await cli.RunAsync("dlq", "retry", "--all", "--json")).Succeeded().Json();
        Assert.Equal(["dead1", "dead2"], retriedAll.GetProperty("job_ids").EnumerateArray().Select(id => id.GetString()));
        var jobs = (await cli.ListAsync()).EnumerateArray().ToDictionary(job => job.Str("id")!);
        Assert.Equal("completed", jobs["fine"].Str("state"));
        Assert.All(new[] { jobs["dead1"], jobs["dead2"], jobs["flaky"] }, job =>
        {
            Assert.Equal("pending", job.Str("state"));
            Assert.Equal(0, job.Int("attempts"));
        });
        Assert.Contains("No dead jobs", (await cli.RunAsync("dlq", "retry", "--all")).Succeeded().Stdout);

        (await cli.RunAsync("worker", "start", "--count", "2")).Succeeded();
        // A second life: flaky runs and retries again from attempt 1 (three more runs), the others die again at once.
        (await cli.RunAsync("wait", "flaky", "dead1", "dead2")).Exited(4);
        Assert.Equal(6, ReadStamps(runs).Count);
        var again = await cli.ShowAsync("flaky");
        Assert.Equal("dead", again.Str("state"));
        Assert.Equal(3, again.Int("attempts"));
        var reasons = again.HistoryReasons();
        var reset = reasons.ToList().FindLastIndex(reason => reason.Contains("retried from the DLQ", StringComparison.Ordinal));
        Assert.True(reset >= 0 && reset + 1 < reasons.Count && reasons[reset + 1] == "attempt 1 started",
            $"expected a reset to attempt 1 in the history: {string.Join(" | ", reasons)}");
        var rerun = await cli.ShowAsync("dead1");
        Assert.Equal("dead", rerun.Str("state"));
        Assert.Equal(1, rerun.Int("attempts"));
        Assert.Contains("retried from the DLQ; attempts reset", rerun.HistoryReasons());
    }

    private static List<double> ReadStamps(string path) =>
        File.Exists(path)
            ? File.ReadAllLines(path).Where(line => line.Length > 0)
                .Select(line => double.Parse(line, NumberStyles.Float, CultureInfo.InvariantCulture)).ToList()
            : [];

    /// <summary>Spec 2.1 backoff, with room for a loaded machine: the retry may start up to 0.5 s early or 1.5 s late.</summary>
    private static void AssertGap(double earlier, double later, double expectedSeconds)
    {
        var gap = later - earlier;
        Assert.True(gap >= expectedSeconds - 0.5 && gap <= expectedSeconds + 1.5,
            $"expected a gap of about {expectedSeconds} s between runs, measured {gap:0.000} s");
    }
}

/// <summary>Every case of <see cref="RetryBackoffTests"/> with the host forced onto the portable runner.</summary>
public sealed class PortableRetryBackoffTests(ITestOutputHelper output) : RetryBackoffTests(output)
{
    private protected override string? Runner => "portable";
}
