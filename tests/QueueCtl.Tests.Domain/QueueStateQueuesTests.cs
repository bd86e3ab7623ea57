using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;
using QueueCtl.Tests.Domain.Support;
using static QueueCtl.Tests.Domain.Support.Clock;

namespace QueueCtl.Tests.Domain;

/// <summary>
/// Named queues: <c>enqueue --queue NAME</c>, each queue's own worker count, <c>queue pause|resume</c>. A queue's jobs are
/// started only by its workers, in its own priority and enqueue order; a paused queue starts none; both are remembered.
/// </summary>
public sealed class QueueStateQueuesTests
{
    private static JobSubmission Job(string id, string? queue = null, int priority = 0) => new(id, $"echo {id}", Priority: priority, Queue: queue);

    private static string[] Starts(QueueState state) =>
        [.. state.Decide(StartNextJobs.Instance, At(1)).Events.Cast<JobStarted>().Select(s => s.JobId)];

    [Fact]
    public void StartNextJobs_StartsEachQueuesJobsUpToItsOwnWorkerCount()
    {
        var state = Given.NoEvents()
            .Run(Given.Enqueue(Job("d1"), Job("e1", "emails"), Job("e2", "emails"), Job("e3", "emails"), Job("r1", "reports")), T0)
            .Run(new StartWorkers(2, "emails"), T0)
            .Run(new StartWorkers(1), T0);

        Assert.Equal(new[] { "d1", "e1", "e2" }, Starts(state));
        Assert.Equal(3, state.WorkerCount);
    }

    [Fact]
    public void StartNextJobs_FollowsPriorityWithinAQueue_AndFillsAFreedSlotFromTheSameQueue()
    {
        var state = Given.NoEvents()
            .Run(Given.Enqueue(Job("low", "q"), Job("high", "q", priority: 5), Job("other", "z", priority: 100)), T0)
            .Run(new StartWorkers(1, "q"), T0);

        state = state.Run(StartNextJobs.Instance, At(1));
        Assert.Equal(JobState.Processing, state.Find("high")!.State);
        Assert.Empty(Starts(state));

        state = state.Run(Given.Exit("high", 1, 0), At(2)).Run(StartNextJobs.Instance, At(2));

        Assert.Equal(JobState.Processing, state.Find("low")!.State);
        Assert.Equal(JobState.Pending, state.Find("other")!.State);
        Assert.Equal(1, state.BusyIn("q"));
    }

    [Fact]
    public void PauseQueue_StartsNoNewJobOfTheQueue_UntilResumed()
    {
        var state = Given.NoEvents().Run(Given.Enqueue(Job("a", "q"), Job("b")), T0)
            .Run(new StartWorkers(1, "q"), T0).Run(new StartWorkers(1), T0);

        var paused = state.Decide(new PauseQueue("q"), At(1));
        Expect.Events(paused, new QueuePaused("q", At(1)));
        Assert.True(Assert.Single(Assert.IsType<QueueList>(paused.Reply).Queues).Paused);
        state = state.ApplyAll(paused.Events);
        Assert.Equal(new[] { "b" }, Starts(state));

        state = state.Run(new ResumeQueue("q"), At(2));
        Assert.Equal(new[] { "b", "a" }, Starts(state)); // queue by queue, in name order
    }

    [Fact]
    public void PauseQueue_StoresNothing_WhenThePausedQueueIsPausedAgain()
    {
        var state = Given.NoEvents().Run(new PauseQueue("q"), T0);

        Assert.Empty(state.Decide(new PauseQueue("q"), At(1)).Events);
        Assert.Empty(state.Decide(new ResumeQueue("other"), At(1)).Events);
    }

    [Theory]
    [InlineData("--count", "'--count' looks like an option, not a queue name")]
    [InlineData("a b", "queue name 'a b' contains U+0020")]
    [InlineData("", "the queue name is empty")]
    public void Commands_AreRefusedChangingNothing_WhenTheQueueNameIsBad(string name, string reason)
    {
        foreach (var command in new object[] { new PauseQueue(name), new StartWorkers(1, name), Given.Enqueue(Job("a", name)) })
        {
            var rejected = Expect.Rejected(Given.NoEvents().Decide(command, T0), RejectionKind.InvalidInput);
            Assert.Contains(reason, rejected.Reason);
        }
    }

    [Fact]
    public void StopWorkers_WithoutAQueue_StopsEveryQueue_AndWithOne_OnlyThatQueue()
    {
        var state = Given.NoEvents().Run(new StartWorkers(2), T0).Run(new StartWorkers(3, "q"), T0).Run(new StartWorkers(1, "r"), T0);

        Assert.Equal(3, state.Run(new StopWorkers(false, "q"), At(1)).WorkerCount);
        var stopped = state.Run(new StopWorkers(false), At(1));
        Assert.Equal(0, stopped.WorkerCount);
        Assert.Empty(stopped.WorkerCounts);
    }

    [Fact]
    public void EnqueueJobs_StoresTheDefaultQueueAsNoQueue_SoAPlainJobIsStoredAsBefore()
    {
        var decision = Given.NoEvents().Decide(Given.Enqueue(Job("a", QueueNames.Default), Job("b", "emails")), T0);

        var enqueued = Assert.IsType<JobsEnqueued>(Assert.Single(decision.Events));
        Assert.Null(enqueued.Jobs[0].Queue);
        Assert.Equal("emails", enqueued.Jobs[1].Queue);
        Assert.Equal(QueueNames.Default, Assert.IsType<JobsAccepted>(decision.Reply).Jobs[0].Queue);
    }

    [Fact]
    public void Queues_ListsEveryQueueWithItsJobsWorkersAndPause()
    {
        var state = Given.NoEvents().Run(Given.Enqueue(Job("a"), Job("b", "emails"), Job("c", "emails")), T0)
            .Run(new StartWorkers(2, "emails"), T0).Run(new PauseQueue("reports"), T0).Run(StartNextJobs.Instance, At(1));

        var queues = state.Queues();

        Assert.Equal(new[] { "default", "emails", "reports" }, queues.Select(q => q.Name));
        Assert.Equal((0, 2, 2, false), (queues[1].Counts["pending"], queues[1].Counts["processing"], queues[1].Busy, queues[1].Paused));
        Assert.Equal((1, 0), (queues[0].Counts["pending"], queues[0].Workers));
        Assert.True(queues[2].Paused);
    }

    [Fact]
    public void Snapshot_KeepsWorkerCountsPausesAndWhatRunsInEachQueue()
    {
        var state = Given.NoEvents().Run(Given.Enqueue(Job("a"), Job("b", "emails")), T0)
            .Run(new StartWorkers(1, "emails"), T0).Run(new StartWorkers(2), T0).Run(new PauseQueue("reports"), T0)
            .Run(StartNextJobs.Instance, At(1));

        var restored = QueueState.FromSnapshot(state.ToSnapshot(), Given.Defaults);

        StateAssert.Equivalent(state, restored);
        Assert.Equal(state.WorkerCounts, restored.WorkerCounts);
        Assert.Equal(state.PausedQueues, restored.PausedQueues);
        Assert.Equal((1, 1), (restored.BusyIn("emails"), restored.BusyIn("default")));
    }
}
