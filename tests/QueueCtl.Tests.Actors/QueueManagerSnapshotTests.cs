using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;
using QueueCtl.Tests.Actors.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.Actors;

/// <summary>Snapshots every 3 events (<c>queuectl.snapshot-every</c>): recovery from a snapshot plus the events after it.</summary>
public sealed class QueueManagerSnapshotTests(ITestOutputHelper output) : QueueTestKit(output, "queuectl.snapshot-every = 3")
{
    [Fact]
    public async Task QueueManager_RecoversTheSameStateFromASnapshot_WhenRecreatedAfterManyEvents()
    {
        var first = NewManager();
        await AskAsync<ConfigView>(first, new SetConfig("max-retries", "1"));
        for (var i = 1; i <= 6; i++)
        {
            await EnqueueAsync(first, $"ok{i}", $"echo {i}");
        }
        await EnqueueAsync(first, "dead", "exit 9", maxRetries: 0);
        await StartWorkersAsync(first, 2);
        await WaitForAsync(first, "ok1", "ok2", "ok3", "ok4", "ok5", "ok6", "dead");
        await AskAsync<WorkersView>(first, new StopWorkers(Wait: true));
        await EnqueueAsync(first, "pending", "true");
        await EnqueueAsync(first, "pending2", "true");
        var jobsBefore = (await ListAllAsync(first)).Select(Snapshot).ToList();
        var configBefore = await AskAsync<ConfigView>(first, GetConfig.Instance);
        StopManager(first);

        var stored = await AskAsync<JournalReader.Contents>(Sys.ActorOf(JournalReader.Props("queuectl")), JournalReader.Read.Instance);
        Assert.NotNull(stored.Snapshot);
        Assert.True(stored.Snapshot.Jobs.Length >= 7, $"the newest snapshot holds {stored.Snapshot.Jobs.Length} jobs");

        var second = NewManager();

        Assert.Equal(jobsBefore, (await ListAllAsync(second)).Select(Snapshot));
        Assert.Equal(configBefore.Values, (await AskAsync<ConfigView>(second, GetConfig.Instance)).Values);
        var status = await AskAsync<StatusView>(second, GetStatus.Instance);
        Assert.Equal((0, 9), (status.WorkersConfigured, status.Total));

        // The recovered queue still works: the next enqueue continues the sequence.
        await StartWorkersAsync(second, 1);
        await EnqueueAsync(second, "after", "true");
        var all = await WaitForAsync(second, "pending", "pending2", "after");
        Assert.Equal(["pending", "pending2", "after"], all.OrderBy(j => j.Sequence).Select(j => j.Id));
    }
}
