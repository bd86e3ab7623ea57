using System.Globalization;
using System.Text.RegularExpressions;
using QueueCtl.Tests.EndToEnd.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.EndToEnd;

/// <summary>
/// Issue 13, scheduled jobs, through the real CLI and host: <c>--delay</c>, <c>--run-at</c> and <c>"run_at"</c>; not
/// started before their time, started soon after by the host's timer, and still on time after <c>host stop</c> and
/// start and after a <c>kill -9</c>. Each job stamps its own start, so the time is measured by the job, not by polling.
/// </summary>
public sealed class ScheduledJobTests(ITestOutputHelper output)
{
    /// <summary>
    /// How late a start may be after its run_at: the timer (10 ms ticks), a journal write with fsync and a shell's spawn,
    /// on a loaded 2-core machine with the JIT builds the tests use.
    /// </summary>
    private static readonly TimeSpan Late = TimeSpan.FromSeconds(3);

    private static string Stamp(string file) => $"date +%s.%N > '{file}'";

    private static DateTimeOffset ReadStamp(string file)
    {
        var seconds = decimal.Parse(File.ReadAllText(file).Trim(), CultureInfo.InvariantCulture);
        return DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
    }

    private static DateTimeOffset RunAt(System.Text.Json.JsonElement job) =>
        DateTimeOffset.Parse(job.Str("run_at")!, CultureInfo.InvariantCulture);

    private void AssertStartedOnTime(DateTimeOffset started, DateTimeOffset runAt)
    {
        output.WriteLine($"run_at {runAt:O}, started {started:O}: {(started - runAt).TotalMilliseconds:0} ms after");
        Assert.True(started >= runAt, $"started at {started:O}, before its run_at {runAt:O}");
        Assert.True(started - runAt < Late, $"started at {started:O}, {(started - runAt).TotalSeconds:0.000} s after its run_at {runAt:O}");
    }

    [Fact]
    public async Task DelayedJob_IsNotStartedBeforeItsTimeAndStartsSoonAfter_WhenAWorkerIsIdle()
    {
        await using var host = await TestHost.StartAsync(output);
        var cli = host.Cli;
        var started = Path.Combine(host.Home, "started");
        (await cli.RunAsync("worker", "start")).Succeeded();

        var before = DateTimeOffset.UtcNow;
        var job = (await cli.RunAsync("enqueue", "--id", "delayed", "--delay", "3s", "--json", Stamp(started))).Succeeded().Json();
        var runAt = RunAt(job);
        Assert.InRange(runAt - before, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3) + Cli.DefaultTimeout);
        Assert.Equal("pending", job.Str("state"));

        (await cli.RunAsync("wait", "delayed")).Succeeded();

        AssertStartedOnTime(ReadStamp(started), runAt);
        var shown = await cli.ShowAsync("delayed");
        Assert.Equal(["pending", "pending", "processing", "completed"], shown.HistoryStates());
        Assert.Equal("run_at reached", shown.HistoryReasons()[1]);
    }

    /// <summary>A job far in the future stays pending and says when, in list, show, status and --json, in each form of enqueue.</summary>
    [Fact]
    public async Task ScheduledJob_StaysPendingAndListShowAndStatusSayWhen_WhenItsRunAtIsAhead()
    {
        await using var host = await TestHost.StartAsync(output);
        var cli = host.Cli;
        (await cli.RunAsync("worker", "start")).Succeeded();

        var plain = (await cli.RunAsync("enqueue", "--id", "at-plain", "--run-at", "2099-12-01T12:00:00+02:00", "true")).Succeeded();
        Assert.Equal("Enqueued job at-plain (state=pending, runs at 2099-12-01 10:00:00Z)", plain.Stdout.Trim());
        (await cli.RunAsync("enqueue", """{"id":"at-json","command":"true","run_at":"2099-12-02T00:00:00Z","priority":2}""")).Succeeded();
        (await cli.RunAsync(["enqueue", "-"], """
            {"id":"at-lines","command":"true","run_at":"2099-12-03T00:00:00Z"}
            {"id":"now-lines","command":"true","run_at":"2001-01-01T00:00:00Z"}
            """)).Succeeded();
        (await cli.RunAsync("enqueue", "--id", "in-an-hour", "--delay", "1h", "true")).Succeeded();
        (await cli.RunAsync("wait", "now-lines")).Succeeded(); // a run_at in the past means now

        var jobs = (await cli.ListAsync()).EnumerateArray().ToDictionary(j => j.Str("id")!);
        Assert.Equal("2099-12-01T10:00:00+00:00", jobs["at-plain"].Str("run_at"));
        Assert.Equal("2099-12-02T00:00:00+00:00", jobs["at-json"].Str("run_at"));
        Assert.Equal(2, jobs["at-json"].Int("priority"));
        Assert.Equal("2001-01-01T00:00:00+00:00", jobs["now-lines"].Str("run_at"));
        Assert.All(new[] { "at-plain", "at-json", "at-lines", "in-an-hour" }, id => Assert.Equal("pending", jobs[id].Str("state")));
        Assert.Equal("completed", jobs["now-lines"].Str("state"));

        var list = (await cli.RunAsync("list")).Succeeded().Stdout;
        Assert.Matches(new Regex(@"^ID\s+STATE\s+ATTEMPTS\s+PRIORITY\s+UPDATED\s+RUNS AT\s+COMMAND", RegexOptions.Multiline), list);
        Assert.Matches(new Regex(@"^at-plain\s+pending\s+0/4\s+0\s+\S+ \S+\s+2099-12-01 10:00:00Z\s+true$", RegexOptions.Multiline), list);
        Assert.Matches(new Regex(@"^now-lines\s+completed\s+1/4\s+0\s+\S+ \S+\s+-\s+true$", RegexOptions.Multiline), list);
        var show = (await cli.RunAsync("show", "at-json")).Succeeded().Stdout;
        Assert.Matches(new Regex(@"^state:\s+pending \(scheduled: runs at 2099-12-02 00:00:00Z, in \d+d \d+h \d+m\)$", RegexOptions.Multiline), show);
        var status = await cli.StatusAsync();
        Assert.Equal(4, status.GetProperty("counts").Int("pending"));
        Assert.Equal(4, status.Int("scheduled"));
        Assert.Equal(RunAt(jobs["in-an-hour"]), DateTimeOffset.Parse(status.Str("next_run_at")!, CultureInfo.InvariantCulture));
        var statusText = (await cli.RunAsync("status")).Succeeded().Stdout;
        Assert.Matches(new Regex(@"^pending\s+4 \(4 scheduled, the next at \S+ \S+Z\)$", RegexOptions.Multiline), statusText);
    }

    [Fact]
    public async Task ScheduledJob_StartsOnTime_WhenTheHostWasStoppedAndStartedBeforeItsRunAt()
    {
        await using var host = await TestHost.StartAsync(output);
        var cli = host.Cli;
        var started = Path.Combine(host.Home, "started");
        (await cli.RunAsync("worker", "start")).Succeeded();
        var runAt = RunAt((await cli.RunAsync("enqueue", "--id", "survivor", "--delay", "15s", "--json", Stamp(started))).Succeeded().Json());

        (await host.StopAsync()).Succeeded();
        await host.RestartAsync();
        Assert.True(DateTimeOffset.UtcNow < runAt, "the restart outlasted the delay; the test proves nothing: make it longer");
        Assert.Equal("pending", (await cli.ShowAsync("survivor")).Str("state"));
        Assert.False(File.Exists(started), "the job ran before its run_at");

        (await cli.RunAsync("wait", "survivor")).Succeeded();

        AssertStartedOnTime(ReadStamp(started), runAt);
    }

    [Fact]
    public async Task ScheduledJob_StartsOnTime_WhenTheHostWasKilledAndRestartedBeforeItsRunAt()
    {
        await using var host = await TestHost.StartAsync(output);
        var cli = host.Cli;
        var started = Path.Combine(host.Home, "started");
        (await cli.RunAsync("worker", "start")).Succeeded();
        var runAt = RunAt((await cli.RunAsync("enqueue", "--id", "survivor", "--delay", "12s", "--json", Stamp(started))).Succeeded().Json());

        await host.KillAsync();
        await host.RestartAsync();
        Assert.True(DateTimeOffset.UtcNow < runAt, "the restart outlasted the delay; the test proves nothing: make it longer");
        Assert.False(File.Exists(started), "the job ran before its run_at");

        (await cli.RunAsync("wait", "survivor")).Succeeded();

        AssertStartedOnTime(ReadStamp(started), runAt);
        Assert.Equal(["pending", "pending", "processing", "completed"], (await cli.ShowAsync("survivor")).HistoryStates());
    }

    /// <summary>A job due while no host ran starts as soon as the host is back (a time in the past means now).</summary>
    [Fact]
    public async Task ScheduledJob_StartsAtOnce_WhenItsRunAtPassedWhileTheHostWasDown()
    {
        await using var host = await TestHost.StartAsync(output);
        var cli = host.Cli;
        var started = Path.Combine(host.Home, "started");
        (await cli.RunAsync("worker", "start")).Succeeded();
        var runAt = RunAt((await cli.RunAsync("enqueue", "--id", "missed", "--delay", "4s", "--json", Stamp(started))).Succeeded().Json());
        await host.KillAsync();
        Assert.False(File.Exists(started), "the job ran before the host was killed; the test proves nothing: make the delay longer");

        // What this test is about: the due time passes while no host runs.
        var down = runAt - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(200);
        if (down > TimeSpan.Zero)
        {
            await Task.Delay(down);
        }
        await host.RestartAsync();
        // The queue answers once it has recovered (and killed what the old host left running): from then on, the job is
        // due at once. Under load that recovery takes seconds of its own, which are not the timer's.
        await cli.StatusAsync();
        var answering = DateTimeOffset.UtcNow;
        (await cli.RunAsync("wait", "missed")).Succeeded();

        var late = ReadStamp(started) - answering;
        Assert.True(late < Late, $"started {late.TotalSeconds:0.000} s after the restarted host answered");
    }
}
