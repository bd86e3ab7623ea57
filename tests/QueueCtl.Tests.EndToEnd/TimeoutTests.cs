using System.Diagnostics;
using QueueCtl.Tests.EndToEnd.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.EndToEnd;

/// <summary>
/// Issue 13, timeouts, through the real CLI and host: <c>--timeout</c>, <c>"timeout_seconds"</c> and
/// <c>config set job-timeout-seconds</c>. A run that outlasts its timeout has its whole process group killed (what it put
/// in the background too: <c>ps</c> finds no process of the job after), and the attempt fails as "timed out after N s",
/// with the retry rules. With the host's own runner, and again with the portable one (<see cref="PortableTimeoutTests"/>).
/// </summary>
public class TimeoutTests(ITestOutputHelper output)
{
    /// <summary>The runner the host is told to use (<c>QUEUECTL_RUNNER</c>), or null for its own choice.</summary>
    private protected virtual string? Runner => null;

    [Fact]
    public async Task TimedOutJob_IsDeadWithNoProcessLeft_WhenItsCommandBackgroundsAChild()
    {
        await using var host = await TestHost.StartAsync(output, runner: Runner);
        var cli = host.Cli;

        // The background child writes its pid: proof that it ran, however soon the timeout kills it on a loaded machine.
        var childPid = Path.Combine(host.Home, "child.pid");
        var enqueued = (await cli.RunAsync("enqueue", "--id", "sleeper", "--timeout", "2s", "--max-retries", "0",
            $"sh -c 'sleep 100 & echo $! > {childPid}; sleep 100'")).Succeeded();
        Assert.Equal("Enqueued job sleeper (state=pending, timeout 2 s)", enqueued.Stdout.Trim());
        var json = (await cli.RunAsync("enqueue", "--json", """{"id":"json-one","command":"true","timeout_seconds":90}""")).Succeeded().Json();
        Assert.Equal(90, json.Int("timeout_seconds"));
        (await cli.RunAsync("worker", "start", "--count", "2")).Succeeded();
        var child = await Eventually.AssertAsync(() =>
        {
            Assert.True(File.Exists(childPid) && File.ReadAllText(childPid).EndsWith('\n'), "no pid written yet");
            return Task.FromResult(int.Parse(File.ReadAllText(childPid).Trim(), System.Globalization.CultureInfo.InvariantCulture));
        }, TimeSpan.FromSeconds(30), "the job's background child started");
        var clock = Stopwatch.StartNew();

        await cli.RunAsync("wait", "sleeper", "json-one");

        var job = await cli.ShowAsync("sleeper");
        Assert.Equal("dead", job.Str("state"));
        Assert.Equal("timed out after 2 s; gave up after 0 retries", job.Str("last_error"));
        Assert.Null(job.IntOrNull("exit_code"));
        Assert.Equal(2, job.Int("timeout_seconds"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the timed-out job ended after {clock.Elapsed}");
        await Eventually.AssertAsync(() => Assert.DoesNotContain(JobProcesses.Of(host.Home), p => p.JobId == "sleeper"),
            TimeSpan.FromSeconds(10), "no process of the timed-out job");
        // Killed, it may be a zombie for a moment until it is reaped (its parent was killed with it): dead, not running.
        await Eventually.AssertAsync(() => Assert.False(JobProcesses.IsAlive(child), $"the job's background child {child} still runs"),
            TimeSpan.FromSeconds(10), "the job's background child gone");
        Assert.Equal("completed", (await cli.ShowAsync("json-one")).Str("state"));
        var text = (await cli.RunAsync("show", "sleeper")).Succeeded().Stdout;
        Assert.Contains("timed out after 2 s", text);
    }

    /// <summary>The configured default applies to jobs enqueued after it without one; each attempt is timed, and retried.</summary>
    [Fact]
    public async Task JobTimeoutSeconds_TimesOutEachAttemptOfAJobEnqueuedWithoutOne_AndTheRetryRulesApply()
    {
        await using var host = await TestHost.StartAsync(output, runner: Runner);
        var cli = host.Cli;
        (await cli.RunAsync("config", "set", "backoff-base", "1")).Succeeded();
        (await cli.RunAsync("config", "set", "job-timeout-seconds", "1")).Succeeded();
        Assert.Equal("1", (await cli.RunAsync("config", "get", "job_timeout_seconds")).Succeeded().Stdout.Trim());

        (await cli.RunAsync("enqueue", "--id", "slow", "--max-retries", "1", "sleep 100")).Succeeded();
        (await cli.RunAsync("worker", "start")).Succeeded();
        await cli.RunAsync("wait", "slow");

        var job = await cli.ShowAsync("slow");
        Assert.Equal(("dead", 2, 1), (job.Str("state"), job.Int("attempts"), job.Int("timeout_seconds")));
        Assert.Equal("timed out after 1 s; gave up after 1 retry", job.Str("last_error"));
        Assert.Contains(job.HistoryReasons(), r => r.StartsWith("timed out after 1 s; retry at ", StringComparison.Ordinal));
        Assert.Empty(JobProcesses.Of(host.Home));
    }

    /// <summary>
    /// A job that ignores SIGTERM is killed queuectl.kill-grace after it (here 1 s, from the host's HOCON; the portable
    /// runner sends no SIGTERM and kills at once); the timeout is in the stored enqueue event, so it holds for a job
    /// enqueued before a kill -9 of the host.
    /// </summary>
    [Fact]
    public async Task JobIgnoringSigterm_IsKilledAfterTheGrace_WhenEnqueuedBeforeTheHostWasKilled()
    {
        await using var host = await TestHost.StartAsync(output, hostConf: "queuectl.kill-grace = 1s", runner: Runner);
        var cli = host.Cli;
        (await cli.RunAsync("enqueue", "--id", "stubborn", "--timeout", "1s", "--max-retries", "0",
            "trap '' TERM; sleep 100 & sleep 100")).Succeeded();
        await host.KillAsync();
        await host.RestartAsync();
        cli = host.Cli;

        (await cli.RunAsync("worker", "start")).Succeeded();
        await cli.RunAsync("wait", "stubborn");

        var job = await cli.ShowAsync("stubborn");
        Assert.Equal(("dead", "timed out after 1 s; gave up after 0 retries"), (job.Str("state"), job.Str("last_error")));
        var started = DateTimeOffset.Parse(job.Str("started_at")!);
        var finished = DateTimeOffset.Parse(job.Str("finished_at")!);
        var atLeast = TimeSpan.FromSeconds(Runner == "portable" ? 0.95 : 1.9);
        Assert.True(finished - started >= atLeast, $"ended {finished - started} after it started, before {atLeast}");
        await Eventually.AssertAsync(() => Assert.DoesNotContain(JobProcesses.Of(host.Home), p => p.JobId == "stubborn"),
            TimeSpan.FromSeconds(10), "no process of the job that ignored SIGTERM");
    }
}

/// <summary>Every case of <see cref="TimeoutTests"/> with the host forced onto the portable runner.</summary>
public sealed class PortableTimeoutTests(ITestOutputHelper output) : TimeoutTests(output)
{
    private protected override string? Runner => "portable";
}
