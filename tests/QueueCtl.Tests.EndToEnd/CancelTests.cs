using QueueCtl.Tests.EndToEnd.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.EndToEnd;

/// <summary>
/// Issue 13, cancel, through the real CLI and host: <c>queuectl cancel ID…</c> ends a pending, scheduled or failed job
/// dead with reason "canceled" before it runs, and a running one once its whole process group is killed (<c>ps</c> finds
/// no process of it after, what it put in the background included); <c>dlq retry</c> brings it back. A cancel is stored:
/// it holds across a kill -9 of the host. With the host's own runner, and again with the portable one.
/// </summary>
public class CancelTests(ITestOutputHelper output)
{
    private protected virtual string? Runner => null;

    [Fact]
    public async Task Cancel_KillsARunningJobsWholeProcessGroup_AndEndsPendingAndScheduledJobsDead()
    {
        await using var host = await TestHost.StartAsync(output, runner: Runner);
        var cli = host.Cli;
        (await cli.RunAsync("enqueue", "--id", "busy", "sh -c 'sleep 100 & sleep 100'")).Succeeded();
        (await cli.RunAsync("worker", "start")).Succeeded();
        await cli.WaitForStateAsync("busy", "processing");
        await Eventually.AssertAsync(() => Assert.Contains(JobProcesses.Of(host.Home), p => p.JobId == "busy"), TimeSpan.FromSeconds(10),
            "the job's processes running");
        (await cli.RunAsync("enqueue", "--id", "queued", "true")).Succeeded();
        (await cli.RunAsync("enqueue", "--id", "later", "--delay", "1h", "true")).Succeeded();

        var canceled = (await cli.RunAsync("cancel", "busy", "queued", "later")).Succeeded();

        Assert.Equal(
            "Canceled job queued\nCanceled job later\nCanceled job busy (its running process group was killed)",
            canceled.Stdout.Trim());
        foreach (var id in new[] { "busy", "queued", "later" })
        {
            var job = await cli.ShowAsync(id);
            Assert.Equal(("dead", "canceled"), (job.Str("state"), job.Str("last_error")));
        }
        Assert.Equal(0, (await cli.ShowAsync("queued")).Int("attempts"));
        Assert.DoesNotContain(JobProcesses.Of(host.Home), p => p.JobId == "busy");
        Assert.Contains("canceled", (await cli.RunAsync("dlq", "list")).Succeeded().Stdout);
    }

    [Fact]
    public async Task Cancel_IsUndoneByDlqRetry_AndPrintsTheDeadJobsAsJson()
    {
        await using var host = await TestHost.StartAsync(output, runner: Runner);
        var cli = host.Cli;
        (await cli.RunAsync("enqueue", "--id", "again", "echo ran")).Succeeded();

        var json = (await cli.RunAsync("cancel", "--json", "again")).Succeeded().Json();
        Assert.Equal(("again", "dead", "canceled"), (json[0].Str("id"), json[0].Str("state"), json[0].Str("last_error")));

        (await cli.RunAsync("dlq", "retry", "again")).Succeeded();
        (await cli.RunAsync("worker", "start")).Succeeded();
        (await cli.RunAsync("wait", "again")).Succeeded();
        Assert.Equal("ran\n", (await cli.RunAsync("logs", "again")).Succeeded().Stdout);
    }

    [Fact]
    public async Task Cancel_IsRefusedChangingNothing_WhenAnIdIsUnknownOrFinished()
    {
        await using var host = await TestHost.StartAsync(output, runner: Runner);
        var cli = host.Cli;
        (await cli.RunAsync("enqueue", "--id", "kept", "true")).Succeeded();

        var unknown = await cli.RunAsync("cancel", "kept", "nope");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no job with id 'nope'", unknown.Stderr);
        Assert.Equal("pending", (await cli.ShowAsync("kept")).Str("state"));

        (await cli.RunAsync("worker", "start")).Succeeded();
        (await cli.RunAsync("wait", "kept")).Succeeded();
        var finished = await cli.RunAsync("cancel", "kept");
        Assert.Equal(1, finished.ExitCode);
        Assert.Contains("job 'kept' is completed; only a job not yet finished can be canceled, and nothing was", finished.Stderr);

        var bad = await cli.RunAsync("cancel", "bad id");
        Assert.Equal(2, bad.ExitCode);
    }

    /// <summary>
    /// The cancel is stored before the kill: a host killed -9 while a canceled job that ignores SIGTERM is still in its
    /// grace (30 s here) comes back with the job dead "canceled", never run again, and its processes gone.
    /// </summary>
    [Fact]
    public async Task Cancel_HoldsAcrossAKillOfTheHost_WhileTheJobIgnoresSigterm()
    {
        await using var host = await TestHost.StartAsync(output, hostConf: "queuectl.kill-grace = 30s", runner: Runner);
        var cli = host.Cli;
        (await cli.RunAsync("enqueue", "--id", "stubborn", "trap '' TERM; sleep 100 & sleep 100")).Succeeded();
        (await cli.RunAsync("worker", "start")).Succeeded();
        await cli.WaitForStateAsync("stubborn", "processing");
        await Eventually.AssertAsync(() => Assert.Contains(JobProcesses.Of(host.Home), p => p.JobId == "stubborn"), TimeSpan.FromSeconds(10),
            "the job's processes running");
        if (Runner == "portable")
        {
            // The portable runner kills at once (no SIGTERM): nothing is left to hold across the kill; the cancel still ends it.
            (await cli.RunAsync("cancel", "stubborn")).Succeeded();
        }
        else
        {
            var cancel = cli.RunAsync("cancel", "stubborn"); // waits out the grace: the job ignores SIGTERM
            await Eventually.AssertAsync(async () =>
            {
                var shown = await cli.ShowAsync("stubborn");
                Assert.True(shown.Bool("cancel_requested"), $"no cancel stored yet: {shown}");
                return shown;
            }, TimeSpan.FromSeconds(10), "the cancel stored");
            await host.KillAsync();
            await cancel;
            await host.RestartAsync();
            cli = host.Cli;
        }

        var job = await cli.ShowAsync("stubborn");
        Assert.Equal(("dead", "canceled", 1), (job.Str("state"), job.Str("last_error"), job.Int("attempts")));
        await Eventually.AssertAsync(() => Assert.DoesNotContain(JobProcesses.Of(host.Home), p => p.JobId == "stubborn"),
            TimeSpan.FromSeconds(10), "no process of the canceled job");
    }
}

/// <summary>Every case of <see cref="CancelTests"/> with the host forced onto the portable runner.</summary>
public sealed class PortableCancelTests(ITestOutputHelper output) : CancelTests(output)
{
    private protected override string? Runner => "portable";
}
