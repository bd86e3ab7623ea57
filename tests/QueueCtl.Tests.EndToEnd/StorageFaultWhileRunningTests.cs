using QueueCtl.Tests.EndToEnd.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.EndToEnd;

/// <summary>
/// A storage fault while the host runs: another process (the sqlite3 shell) holds queue.db's write lock for longer
/// than the journal's call-timeout. The command that could not be stored is answered with an error (exit 1), the job
/// running meanwhile goes on and is not counted against, and the queue resumes by itself once the lock is released.
/// </summary>
public sealed class StorageFaultWhileRunningTests(ITestOutputHelper output)
{
    private const string ShortTimeouts = """
        akka.persistence.journal.sql.circuit-breaker.call-timeout = 2s
        queuectl.restart-backoff-min = 500ms
        queuectl.restart-backoff-max = 2s
        """;

    [Fact]
    public async Task StalledCommand_ExitsOneAndTheRunningJobGoesOn_WhenQueueDbIsLockedWhileTheHostRuns()
    {
        await using var host = await TestHost.StartAsync(output, ShortTimeouts);
        var cli = host.Cli;
        var gate = Path.Combine(host.Home, "gate");
        (await cli.RunAsync("enqueue", "--id", "runs-through", $"while [ ! -e '{gate}' ]; do sleep 0.1; done")).Succeeded();
        (await cli.RunAsync("worker", "start")).Succeeded();
        await cli.WaitForStateAsync("runs-through", "processing");

        using (var holder = await ExclusiveLockHolder.StartAsync(Path.Combine(host.Home, "queue.db")))
        {
            var stalled = await cli.RunAsync("config", "set", "max-retries", "5");

            stalled.Exited(1);
            Assert.Contains("could not store", stalled.Stderr);
            Assert.True(holder.StillHolds, "the lock holder ended before the command was answered; the test proved nothing");
        }

        // The lock is gone: the queue answers again by itself, and the job ran on through all of it.
        await Eventually.AssertAsync(async () => (await cli.RunAsync("status")).Succeeded(), TimeSpan.FromSeconds(60), "the queue to answer again");
        var running = await cli.ShowAsync("runs-through");
        Assert.Equal(("processing", 1), (running.Str("state"), running.Int("attempts")));
        File.WriteAllText(gate, "");
        (await cli.RunAsync("wait", "runs-through")).Succeeded();
        var done = await cli.ShowAsync("runs-through");
        Assert.Equal(("completed", 1, 0, 0), (done.Str("state"), done.Int("attempts"), done.Int("interruptions"), done.Int("host_interruptions")));
        (await cli.RunAsync("config", "set", "max-retries", "4")).Succeeded();
    }
}
