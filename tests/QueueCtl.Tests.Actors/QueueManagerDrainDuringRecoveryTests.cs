using Akka.Actor;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Manager;
using QueueCtl.Actors.Protocol;
using QueueCtl.Tests.Actors.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.Actors;

/// <summary>A graceful stop that reaches a manager still recovering: nothing may start once it has drained.</summary>
public sealed class QueueManagerDrainDuringRecoveryTests(ITestOutputHelper output) : QueueTestKit(output, SlowRecoveryJournal.Hocon)
{
    [Fact]
    public async Task DrainForShutdown_KeepsTheQueueFromStartingJobs_WhenItArrivesRightAfterRecovery()
    {
        // The journal holds one worker and two pending jobs (the first was running when the previous manager stopped).
        var first = NewManager();
        await StartWorkersAsync(first, 1);
        await EnqueueAsync(first, "blocker", "sleep 30");
        await AwaitJobAsync(first, "blocker", j => j.State == JobState.Processing);
        await EnqueueAsync(first, "victim", $"touch '{DataFile("victim-ran")}'");
        StopManager(first);

        // A host stopped right after it started: the drain arrives while the manager recovers (replays take
        // SlowRecoveryJournal.Delay), so it is handled right after recovery, before the survivor sweep has finished.
        var second = NewManager();
        second.Tell(new DrainForShutdown(TimeSpan.FromSeconds(10)));
        ExpectMsg<Drained>(Short + SlowRecoveryJournal.Delay);

        // The sweep ends within milliseconds and dispatching would follow; after Drained nothing may start.
        await AssertStaysAsync(async () =>
        {
            Assert.Equal(0, (await AskAsync<StatusView>(second, GetStatus.Instance)).WorkersBusy);
            Assert.False(File.Exists(DataFile("victim-ran")));
        }, TimeSpan.FromMilliseconds(500));
    }
}
