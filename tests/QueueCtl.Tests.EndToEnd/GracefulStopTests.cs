using System.Diagnostics;
using QueueCtl.Tests.EndToEnd.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.EndToEnd;

/// <summary>
/// Issue 11, section 3, and spec 4: SIGTERM and <c>queuectl host stop</c> start no new job, give running jobs the
/// grace period (<c>queuectl.shutdown-grace</c> in DATA/host.conf), then kill their process groups and record them as
/// interrupted, every event stored before the process exits (the restarted host shows them with times before its
/// start). <c>worker stop --wait</c> returns only when the running jobs have finished. With the host's own runner, and
/// again with the portable one (<see cref="PortableGracefulStopTests"/>), whose kill finds the job's tree below its shell.
/// </summary>
public class GracefulStopTests(ITestOutputHelper output)
{
    /// <summary>The runner the host is told to use (<c>QUEUECTL_RUNNER</c>), or null for its own choice.</summary>
    private protected virtual string? Runner => null;

    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(4);

    [Theory]
    [InlineData("sigterm")]
    [InlineData("host stop")]
    public async Task Stop_LetsAQuickJobFinishKillsTheSlowOnesGroupAndStartsNothing_WithinTheGracePeriod(string how)
    {
        await using var host = await TestHost.StartAsync(output, $"queuectl.shutdown-grace = {Grace.TotalSeconds:0}s\n", Runner);
        var cli = host.Cli;
        var dir = host.Home;
        // The quick job runs until the test lets it finish, once the host has begun to stop: a worker falls idle
        // during the grace. The slow one (with a background child) outlives the grace; the waiting ones are next in
        // line and must not start while the host stops.
        (await cli.RunAsync(["enqueue", "-"], $$"""
            {"id":"quick","command":"touch '{{dir}}/quick.started'; while [ ! -e '{{dir}}/quick.go' ]; do sleep 0.1; done; touch '{{dir}}/quick.done'","max_retries":0}
            {"id":"slow","command":"if [ -e '{{dir}}/slow.pid' ]; then exit 0; fi; sleep 60 & echo $! > '{{dir}}/slow.child'; echo $$ > '{{dir}}/slow.pid'; sleep 60","max_retries":0}
            {"id":"waiting1","command":"touch '{{dir}}/waiting1.ran'","max_retries":0}
            {"id":"waiting2","command":"touch '{{dir}}/waiting2.ran'","max_retries":0}
            """)).Succeeded();
        (await cli.RunAsync("worker", "start", "--count", "2")).Succeeded();
        await Eventually.AssertAsync(() =>
        {
            Assert.True(File.Exists(Path.Combine(dir, "quick.started")), "quick has not started");
            Assert.True(File.Exists(Path.Combine(dir, "slow.pid")) && File.Exists(Path.Combine(dir, "slow.child")), "slow has not started");
        }, Jobs.DefaultWait, "both running jobs started");
        Assert.False(File.Exists(Path.Combine(dir, "quick.done")), "quick finished before the stop; the test would prove nothing");
        var slowShell = ReadPid(Path.Combine(dir, "slow.pid"));
        var slowChild = ReadPid(Path.Combine(dir, "slow.child"));

        var clock = Stopwatch.StartNew();
        Task<CliResult>? stopCommand = null;
        if (how == "sigterm")
        {
            Signals.Send(host.Pid, Signals.SIGTERM);
        }
        else
        {
            stopCommand = cli.RunAsync("host", "stop");
        }
        await Eventually.AssertAsync(() => Assert.Contains("running job(s) get", host.Output), TimeSpan.FromSeconds(30),
            "the host logging that it stops and gives running jobs their grace");
        File.WriteAllText(Path.Combine(dir, "quick.go"), "");
        Assert.Equal(0, await host.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        if (stopCommand is not null)
        {
            var stop = (await stopCommand).Succeeded();
            Assert.Contains("Host stopped", stop.Stdout);
        }
        var stopped = clock.Elapsed;
        output.WriteLine($"{how}: the host exited after {stopped.TotalSeconds:0.0} s (grace {Grace.TotalSeconds:0} s)");

        Assert.True(stopped >= Grace - TimeSpan.FromMilliseconds(500), $"the host exited after {stopped}, before the grace period ran out");
        Assert.True(stopped < Grace + TimeSpan.FromSeconds(20), $"the host took {stopped} to stop with a grace of {Grace}");
        Assert.True(File.Exists(Path.Combine(dir, "quick.done")), "the quick job was not let finish");
        Assert.False(JobProcesses.IsAlive(slowShell), $"the slow job's shell {slowShell} outlived its host");
        Assert.False(JobProcesses.IsAlive(slowChild), $"the slow job's background child {slowChild} outlived its host");
        Assert.Empty(JobProcesses.Of(dir));
        Assert.False(File.Exists(Path.Combine(dir, "waiting1.ran")), "a job started while the host was stopping");
        Assert.False(File.Exists(Path.Combine(dir, "waiting2.ran")), "a job started while the host was stopping");

        var restartedAt = DateTimeOffset.UtcNow;
        await host.RestartAsync();

        var quick = await cli.ShowAsync("quick");
        Assert.Equal("completed", quick.Str("state"));
        Assert.Equal(1, quick.Int("attempts"));
        Assert.True(At(quick, "completed") < restartedAt, $"quick's completion was stored after the restart: {quick}");

        var slow = await cli.WaitForStateAsync("slow", "completed");
        Assert.Equal(1, slow.Int("interruptions"));
        Assert.Equal(2, slow.Int("attempts"));
        var interruption = slow.GetProperty("history").EnumerateArray()
            .Single(step => step.Str("reason")!.StartsWith("interrupted", StringComparison.Ordinal));
        Assert.Contains("the host was stopped; the run was killed after the shutdown grace period", interruption.Str("reason"));
        Assert.True(interruption.GetProperty("at").GetDateTimeOffset() < restartedAt,
            $"slow's interruption was recorded by the next host, not stored before the stopping host exited: {slow}");

        foreach (var id in new[] { "waiting1", "waiting2" })
        {
            var job = await cli.WaitForStateAsync(id, "completed");
            Assert.Equal(1, job.Int("attempts"));
            Assert.True(At(job, "processing") >= restartedAt, $"{id} started before the restart: {job}");
        }
    }

    [Fact]
    public async Task WorkerStopWait_ReturnsOnlyWhenTheRunningJobsHaveFinished_AndStartsNoOther()
    {
        await using var host = await TestHost.StartAsync(output, runner: Runner);
        var cli = host.Cli;
        var dir = host.Home;
        // The runs end only once the test opens their gate, after the host has taken the stop: on a loaded machine a
        // fixed sleep could end before the stop arrived, and then "next" would rightly start in the freed slot.
        (await cli.RunAsync(["enqueue", "-"], $$"""
            {"id":"run1","command":"touch '{{dir}}/run1.started'; while [ ! -f '{{dir}}/gate' ]; do sleep 0.05; done; sleep 0.5; touch '{{dir}}/run1.done'"}
            {"id":"run2","command":"touch '{{dir}}/run2.started'; while [ ! -f '{{dir}}/gate' ]; do sleep 0.05; done; sleep 1; touch '{{dir}}/run2.done'"}
            {"id":"next","command":"touch '{{dir}}/next.ran'"}
            """)).Succeeded();
        (await cli.RunAsync("worker", "start", "--count", "2")).Succeeded();
        await Eventually.AssertAsync(() =>
        {
            Assert.True(File.Exists(Path.Combine(dir, "run1.started")), "run1 has not started");
            Assert.True(File.Exists(Path.Combine(dir, "run2.started")), "run2 has not started");
        }, Jobs.DefaultWait, "both jobs started");

        var stopping = cli.RunAsync("worker", "stop", "--wait");
        await Eventually.AssertAsync(async () => Assert.Equal(0, (await cli.StatusAsync()).Int("workers_configured")),
            Jobs.DefaultWait, "the host took the stop");
        Assert.False(stopping.IsCompleted, "worker stop --wait returned while both jobs were still running");
        File.WriteAllText(Path.Combine(dir, "gate"), "");
        var stop = (await stopping).Succeeded();
        output.WriteLine(stop.ToString());

        Assert.True(File.Exists(Path.Combine(dir, "run1.done")), $"worker stop --wait returned before run1 finished:\n{stop}");
        Assert.True(File.Exists(Path.Combine(dir, "run2.done")), $"worker stop --wait returned before run2 finished:\n{stop}");
        Assert.Equal("completed", (await cli.ShowAsync("run1")).Str("state"));
        Assert.Equal("completed", (await cli.ShowAsync("run2")).Str("state"));
        var status = await cli.StatusAsync();
        Assert.Equal(0, status.Int("workers_configured"));
        Assert.Equal(0, status.Int("workers_busy"));
        var next = await cli.ShowAsync("next");
        Assert.Equal("pending", next.Str("state"));
        Assert.Equal(0, next.Int("attempts"));
        Assert.False(File.Exists(Path.Combine(dir, "next.ran")), "a job started after worker stop");
        Assert.Empty(JobProcesses.Of(dir));
    }

    private static int ReadPid(string path) => int.Parse(File.ReadAllText(path).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>When the job first entered <paramref name="state"/>, from its history.</summary>
    private static DateTimeOffset At(System.Text.Json.JsonElement job, string state) =>
        job.GetProperty("history").EnumerateArray().First(step => step.Str("state") == state).GetProperty("at").GetDateTimeOffset();
}

/// <summary>Every case of <see cref="GracefulStopTests"/> with the host forced onto the portable runner.</summary>
public sealed class PortableGracefulStopTests(ITestOutputHelper output) : GracefulStopTests(output)
{
    private protected override string? Runner => "portable";
}
