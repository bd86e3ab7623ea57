using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;
using QueueCtl.Tests.Domain.Support;
using static QueueCtl.Tests.Domain.Support.Clock;

namespace QueueCtl.Tests.Domain;

/// <summary><c>queuectl worker start --count N</c> / <c>worker stop</c> → <see cref="WorkerCountSet"/>.</summary>
public sealed class QueueStateWorkerCountTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(256)]
    public void StartWorkers_SetsThePoolSize_WhenCountIsInRange(int count)
    {
        var decision = Given.NoEvents().Decide(new StartWorkers(count), At(1));

        Expect.Events(decision, new WorkerCountSet(count, At(1)));
        Assert.Equal(new WorkersView(count, 0), decision.Reply);
        Assert.Equal(count, Given.NoEvents().ApplyAll(decision.Events).WorkerCount);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(257)]
    public void StartWorkers_IsRejected_WhenCountIsOutOfRange(int count)
    {
        var rejected = Expect.Rejected(Given.NoEvents().Decide(new StartWorkers(count), T0), RejectionKind.InvalidInput);

        Assert.Contains("from 1 to 256", rejected.Reason);
    }

    [Fact]
    public void StartWorkers_StoresNothing_WhenCountIsUnchanged()
    {
        var decision = Given.Events(Given.Workers(3)).Decide(new StartWorkers(3), T0);

        Assert.Empty(decision.Events);
        Assert.Equal(new WorkersView(3, 0), decision.Reply);
    }

    [Fact]
    public void StartWorkers_ResizesThePool_WhenCountChanges()
    {
        var state = Given.Events(Given.Enqueued("a", "b", "c"), Given.Workers(1)).Run(StartNextJobs.Instance, T0);

        var decision = state.Decide(new StartWorkers(3), At(1));

        Expect.Events(decision, new WorkerCountSet(3, At(1)));
        Assert.Equal(new WorkersView(3, 1), decision.Reply);
        Assert.Equal(2, state.ApplyAll(decision.Events).Decide(StartNextJobs.Instance, At(1)).Events.Length);
    }

    [Fact]
    public void StartNextJobs_StartsNothing_WhenPoolShrankBelowTheRunningJobs()
    {
        var state = Given.Events(Given.Enqueued("a", "b", "c", "d"), Given.Workers(3))
            .Run(StartNextJobs.Instance, T0)
            .Run(new StartWorkers(1), At(1))
            .Run(Given.Exit("a", 1, 0), At(2));

        Assert.Equal(2, state.Running.Count);
        Expect.Nothing(state.Decide(StartNextJobs.Instance, At(2)));
    }

    [Fact]
    public void StopWorkers_SetsZeroAndLeavesRunningJobsAlone_WhenJobsAreRunning()
    {
        var given = Given.Events(Given.Enqueued("a", "b", "c"), Given.Workers(2)).Run(StartNextJobs.Instance, T0);

        var decision = given.Decide(new StopWorkers(Wait: false), At(1));

        Expect.Events(decision, new WorkerCountSet(0, At(1)));
        Assert.Equal(new WorkersView(0, 2), decision.Reply);
        var state = given.ApplyAll(decision.Events);
        Assert.Equal(0, state.WorkerCount);
        Assert.Equal(["a", "b"], state.Running.Order());
        Assert.All(["a", "b"], id => Assert.Equal(JobState.Processing, state.Find(id)!.State));
        Expect.Nothing(state.Decide(StartNextJobs.Instance, At(2)));
    }

    [Fact]
    public void RecordRunOutcome_StillCompletesRunningJob_WhenWorkersWereStopped()
    {
        var state = Given.Events(Given.Enqueued("a", "b"), Given.Workers(1))
            .Run(StartNextJobs.Instance, T0)
            .Run(new StopWorkers(Wait: true), At(1));

        Expect.Events(state.Decide(Given.Exit("a", 1, 0), At(2)), new JobCompleted("a", 0, At(2)));
        Expect.Nothing(state.Run(Given.Exit("a", 1, 0), At(2)).Decide(StartNextJobs.Instance, At(2)));
    }

    [Fact]
    public void StopWorkers_StoresNothing_WhenNoWorkersAreConfigured()
    {
        var decision = Given.NoEvents().Decide(new StopWorkers(Wait: false), T0);

        Assert.Empty(decision.Events);
        Assert.Equal(new WorkersView(0, 0), decision.Reply);
    }
}
