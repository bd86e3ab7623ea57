using System.Diagnostics;
using QueueCtl.Tests.EndToEnd.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.EndToEnd;

/// <summary>
/// A grace period longer than 20 s is honoured in full: Akka's coordinated-shutdown phase that runs the drain, the
/// drain's own Ask and the generic host's shutdown timeout must all outlast it. A job that needs 22 s of a 30 s grace
/// completes, and the host exits once it has.
/// </summary>
public sealed class GracefulStopLongGraceTests(ITestOutputHelper output)
{
    [Fact]
    public Task Sigterm_LetsAJobFinishThatNeedsMoreThanTwentySeconds_WhenTheGraceIsThirty() => LongGraceAsync(30, 22);

    /// <summary>Past the 30 s the coordinated-shutdown phase was given in hocon/queuectl.conf.</summary>
    [Fact]
    public Task Sigterm_LetsAJobFinishThatNeedsForty_WhenTheGraceIsSixty() => LongGraceAsync(60, 40);

    private async Task LongGraceAsync(int graceSeconds, int jobSeconds)
    {
        await using var host = await TestHost.StartAsync(output, $"queuectl.shutdown-grace = {graceSeconds}s\n");
        var cli = host.Cli;
        var dir = host.Home;
        (await cli.RunAsync("enqueue", "--id", "long", "--max-retries", "0",
            $"touch '{dir}/long.started'; sleep {jobSeconds}; touch '{dir}/long.done'")).Succeeded();
        (await cli.RunAsync("worker", "start")).Succeeded();
        await Eventually.AssertAsync(() => Assert.True(File.Exists(Path.Combine(dir, "long.started")), "the job has not started"),
            Jobs.DefaultWait, "the long job started");

        var (stopped, exitCode) = await host.SignalAndWaitForExitAsync(Signals.SIGTERM, TimeSpan.FromSeconds(graceSeconds + 60));
        output.WriteLine($"the host exited with code {exitCode} after {stopped.TotalSeconds:0.0} s");

        Assert.True(File.Exists(Path.Combine(dir, "long.done")), $"the job was cut short: the host exited after {stopped.TotalSeconds:0.0} s of a {graceSeconds} s grace");
        Assert.Equal(0, exitCode);
        Assert.True(stopped < TimeSpan.FromSeconds(jobSeconds + 15), $"the host took {stopped} to stop");
        await host.RestartAsync();
        var job = await cli.ShowAsync("long");
        Assert.Equal("completed", job.Str("state"));
        Assert.Equal(0, job.Int("interruptions"));
        Assert.Equal(1, job.Int("attempts"));
    }
}
