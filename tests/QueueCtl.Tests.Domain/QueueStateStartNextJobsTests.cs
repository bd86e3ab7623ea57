using QueueCtl.Actors.Domain;
using QueueCtl.Tests.Domain.Support;
using static QueueCtl.Tests.Domain.Support.Clock;

namespace QueueCtl.Tests.Domain;

/// <summary>Work pulling: <see cref="StartNextJobs"/> starts pending jobs while fewer than WorkerCount run.</summary>
public sealed class QueueStateStartNextJobsTests
{
    [Fact]
    public void StartNextJobs_StartsNothing_WhenNoWorkers()
    {
        var given = Given.Events(Given.Enqueued("a", "b"));

        Expect.Nothing(given.Decide(StartNextJobs.Instance, T0));
        Assert.Equal(0, given.WorkerCount);
    }

    [Fact]
    public void StartNextJobs_StartsNothing_WhenNothingIsPending()
    {
        Expect.Nothing(Given.Events(Given.Workers(4)).Decide(StartNextJobs.Instance, T0));
    }

    [Fact]
    public void StartNextJobs_StartsAtMostWorkerCountInEnqueueOrder_WhenMorePendingThanWorkers()
    {
        var given = Given.Events(Given.Enqueued("a", "b"), Given.Enqueued("c"), Given.Workers(2));

        var decision = given.Decide(StartNextJobs.Instance, At(1));

        Expect.Events(decision, new JobStarted("a", 1, At(1)), new JobStarted("b", 1, At(1)));
        Assert.Null(decision.Reply);
    }

    [Fact]
    public void StartNextJobs_StartsNothingMore_WhenAllWorkersAreBusy()
    {
        var state = Given.Events(Given.Enqueued("a", "b", "c"), Given.Workers(2)).Run(StartNextJobs.Instance, At(1));

        Expect.Nothing(state.Decide(StartNextJobs.Instance, At(2)));
        Assert.Equal(["a", "b"], state.Running.Order());
        Assert.Equal(1, state.RunnableCount);
    }

    [Fact]
    public void StartNextJobs_StartsTheNextJob_WhenARunningJobFinishes()
    {
        var state = Given.Events(Given.Enqueued("a", "b", "c"), Given.Workers(2))
            .Run(StartNextJobs.Instance, At(1))
            .Run(Given.Exit("b", 1, 0), At(2));

        Expect.Events(state.Decide(StartNextJobs.Instance, At(2)), new JobStarted("c", 1, At(2)));
    }

    [Fact]
    public void JobStarted_MovesJobToProcessingAndCountsTheAttempt_WhenApplied()
    {
        var state = Given.Events(Given.Enqueued("a"), Given.Workers(1), new JobStarted("a", 1, At(3)));

        var job = state.Find("a")!;
        Assert.Equal(JobState.Processing, job.State);
        Assert.Equal(1, job.Attempts);
        Assert.Equal(At(3), job.StartedAt);
        Assert.Equal(At(3), job.UpdatedAt);
        Assert.Contains("a", state.Running);
        Assert.Null(state.NextRunnable());
        Assert.Equal("attempt 1 started", job.History[^1].Reason);
    }

    [Fact]
    public void StartNextJobs_StartsAFailedJobAgainInItsEnqueueOrder_WhenItsRetryIsDue()
    {
        var state = Given.Events(Given.Enqueued("a"), Given.Workers(1))
            .Run(StartNextJobs.Instance, T0)
            .Run(Given.Exit("a", 1, 1), T0)
            .Run(Given.Enqueue(new Actors.Protocol.JobSubmission("b", "true")), At(1))
            .Run(ReleaseDueJobs.Instance, At(2));

        Expect.Events(state.Decide(StartNextJobs.Instance, At(2)), new JobStarted("a", 2, At(2)));
    }
}
