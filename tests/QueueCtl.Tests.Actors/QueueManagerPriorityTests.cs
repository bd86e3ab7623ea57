using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;
using QueueCtl.Tests.Actors.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.Actors;

/// <summary><c>queuectl enqueue --priority N</c> through the manager and a real worker: higher first, then enqueue order.</summary>
public sealed class QueueManagerPriorityTests(ITestOutputHelper output) : QueueTestKit(output)
{
    [Fact]
    public async Task QueueManager_RunsHigherPrioritiesFirstAndEqualOnesInEnqueueOrder_WhenOneWorkerTakesThem()
    {
        var manager = NewManager();
        var order = DataFile("order");
        JobSubmission Job(string id, int priority) => new(id, $"echo {id} >> '{order}'", Priority: priority);
        await AskAsync<JobsAccepted>(manager, new EnqueueJobs([Job("low-1", 0), Job("low-2", 0), Job("negative", -5)]));
        await AskAsync<JobsAccepted>(manager, new EnqueueJobs([Job("high", 5), Job("low-3", 0), Job("highest", 9)]));

        await StartWorkersAsync(manager, 1);
        await WaitForAsync(manager, "low-1", "low-2", "negative", "high", "low-3", "highest");

        Assert.Equal(["highest", "high", "low-1", "low-2", "low-3", "negative"], await File.ReadAllLinesAsync(order));
    }

    [Fact]
    public async Task QueueManager_RunsAHigherPriorityJobNext_WhenItArrivesWhileOthersWait()
    {
        var manager = NewManager();
        var order = DataFile("order");
        await EnqueueAsync(manager, "blocker", $"{WaitForGate("blocker")}; echo blocker >> '{order}'");
        await AskAsync<JobsAccepted>(manager, new EnqueueJobs([new JobSubmission("waiting", $"echo waiting >> '{order}'")]));
        await StartWorkersAsync(manager, 1);
        await AwaitJobAsync(manager, "blocker", j => j.State == JobState.Processing);

        var urgent = (await AskAsync<JobsAccepted>(manager,
            new EnqueueJobs([new JobSubmission("urgent", $"echo urgent >> '{order}'", Priority: 1)]))).Jobs.Single();
        Open("blocker");
        await WaitForAsync(manager, "blocker", "waiting", "urgent");

        Assert.Equal(1, urgent.Priority);
        Assert.Equal(["blocker", "urgent", "waiting"], await File.ReadAllLinesAsync(order));
    }

    [Fact]
    public async Task EnqueueJobs_IsRejectedAndStoresNothing_WhenAPriorityIsOutOfRange()
    {
        var manager = NewManager();

        var rejected = await AskAsync<CommandRejected>(manager,
            new EnqueueJobs([new JobSubmission("fine", "true"), new JobSubmission("wild", "true", Priority: 5000)]));

        Assert.Equal(RejectionKind.InvalidInput, rejected.Kind);
        Assert.Contains("job 'wild': priority 5000 is out of range", rejected.Reason);
        Assert.Empty(await ListAllAsync(manager));
    }
}
