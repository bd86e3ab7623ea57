using System.Globalization;
using QueueCtl.Tests.EndToEnd.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.EndToEnd;

/// <summary>Scenario 2: retries with the spec's exponential backoff, the dead letter queue, and bringing jobs back from it.</summary>
public sealed class RetryBackoffTests(ITestOutputHelper output)
{
    [Fact]
    public async Task FailingJob_RetriesAfterTwoThenFourSecondsAndEndsDead_WhenItAlwaysExitsOne()
    {
        await using var host = await TestHost.StartAsync(output);
        var cli = host.Cli;
        var runs = Path.Combine(host.Home, "flaky-runs.txt");
        (await cli.RunAsync("worker", "start")).Succeeded();
        // Each run stamps its own start time, so the gaps are measured by the job, not by polling the CLI.
        (await cli.RunAsync("enqueue", $$"""{"id":"flaky","command":"date +%s.%N >> '{{runs}}'; exit 1","max_retries":2}""")).Succeeded();

        var waited = (await cli.RunAsync("wait", "flaky")).Exited(4);
        Assert.Contains("flaky", waited.Stderr);

        var starts = ReadStamps(runs);
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
        Assert.Equal(["flaky"], dlq.Ids());
        Assert.Equal(dead.Str("last_error"), dlq[0].Str("last_error"));
        var dlqText = (await cli.RunAsync("dlq", "list")).Succeeded().Stdout;
        Assert.Contains("flaky", dlqText);
        Assert.Contains("exited with code 1", dlqText);

        // With the workers stopped the job stays pending, so its reset can be seen before it runs again.
        (await cli.RunAsync("worker", "stop")).Succeeded();
        var retried = (await cli.RunAsync("dlq", "retry", "flaky")).Succeeded();
        Assert.Contains("flaky", retried.Stdout);
        var pending = await cli.ShowAsync("flaky");
        Assert.Equal("pending", pending.Str("state"));
        Assert.Equal(0, pending.Int("attempts"));
        Assert.Equal("pending", pending.HistoryStates()[^1]);
        Assert.Contains("retried from the DLQ", pending.HistoryReasons()[^1]);
        Assert.Equal(0, (await cli.RunAsync("dlq", "list", "--json")).Succeeded().Json().GetArrayLength());

        (await cli.RunAsync("worker", "start")).Succeeded();
        await Eventually.AssertAsync(() => Assert.Equal(4, ReadStamps(runs).Count), Jobs.DefaultWait, "a fourth run of flaky");
        var again = await cli.ShowAsync("flaky");
        Assert.NotEqual("dead", again.Str("state"));
        Assert.InRange(again.Int("attempts"), 1, 2);
    }

    [Fact]
    public async Task DlqRetryAll_MovesEveryDeadJobBackToPending_WhenSeveralJobsAreDead()
    {
        await using var host = await TestHost.StartAsync(output);
        var cli = host.Cli;
        (await cli.RunAsync("enqueue", "--id", "dead1", "--max-retries", "0", "exit 2")).Succeeded();
        (await cli.RunAsync("enqueue", "--id", "dead2", "--max-retries", "0", "exit 2")).Succeeded();
        (await cli.RunAsync("enqueue", "--id", "fine", "true")).Succeeded();
        (await cli.RunAsync("worker", "start", "--count", "2")).Succeeded();
        (await cli.RunAsync("wait", "dead1", "dead2", "fine")).Exited(4);
        Assert.Equal(["dead2", "dead1"], (await cli.RunAsync("dlq", "list", "--json")).Succeeded().Json().Ids());

        (await cli.RunAsync("worker", "stop")).Succeeded();
        var retried = (await cli.RunAsync("dlq", "retry", "--all", "--json")).Succeeded().Json();
        Assert.Equal(["dead1", "dead2"], retried.GetProperty("job_ids").EnumerateArray().Select(id => id.GetString()));
        var pending = await cli.ListAsync("--state", "pending");
        Assert.Equal(["dead2", "dead1"], pending.Ids());
        Assert.All(pending.EnumerateArray(), job => Assert.Equal(0, job.Int("attempts")));
        Assert.Equal("completed", (await cli.ShowAsync("fine")).Str("state"));

        var nothingLeft = (await cli.RunAsync("dlq", "retry", "--all")).Succeeded();
        Assert.Contains("No dead jobs", nothingLeft.Stdout);
        var notDead = (await cli.RunAsync("dlq", "retry", "fine")).Exited(1);
        Assert.Contains("not dead", notDead.Stderr);

        (await cli.RunAsync("worker", "start", "--count", "2")).Succeeded();
        (await cli.RunAsync("wait", "dead1", "dead2")).Exited(4);
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
