using QueueCtl.Actors.Protocol;
using QueueCtl.Actors.Domain;
using QueueCtl.Tests.Domain.Support;
using static QueueCtl.Tests.Domain.Support.Clock;

namespace QueueCtl.Tests.Domain;

/// <summary>What <c>queuectl status</c>, <c>list</c>, <c>dlq list</c> and <c>show</c> read from the state.</summary>
public sealed class QueueStateQueriesTests
{
    [Fact]
    public void CountByState_HasAllFiveStatesAtZero_WhenQueueIsEmpty()
    {
        var counts = Given.NoEvents().CountByState();

        Assert.Equal(["completed", "dead", "failed", "pending", "processing"], counts.Keys);
        Assert.All(counts.Values, count => Assert.Equal(0, count));
    }

    [Fact]
    public void CountByState_CountsEachState_WhenJobsAreInEveryState()
    {
        var counts = Mixed.State().CountByState();

        Assert.Equal(
            [new("completed", 1), new("dead", 1), new("failed", 1), new("pending", 2), new KeyValuePair<string, int>("processing", 1)],
            counts);
    }

    [Fact]
    public void List_ReturnsNewestFirst_WhenNoFilter()
    {
        var (jobs, matching) = Mixed.State().List(new ListJobs(null, 100));

        Assert.Equal(["later", "waiting", "running", "dead", "failed", "done"], jobs.Select(j => j.Id));
        Assert.Equal(6, matching);
    }

    [Fact]
    public void List_ReturnsOnlyJobsInState_WhenFilteredByState()
    {
        var state = Mixed.State();

        Assert.Equal(["later", "waiting"], state.List(new ListJobs(JobState.Pending, 100)).Jobs.Select(j => j.Id));
        Assert.Equal(["dead"], state.List(new ListJobs(JobState.Dead, 100)).Jobs.Select(j => j.Id));
        Assert.Equal(["running"], state.List(new ListJobs(JobState.Processing, 100)).Jobs.Select(j => j.Id));
    }

    [Fact]
    public void List_ReturnsAtMostLimitButCountsAllMatching_WhenLimitIsSmaller()
    {
        var (jobs, matching) = Mixed.State().List(new ListJobs(null, 2));

        Assert.Equal(["later", "waiting"], jobs.Select(j => j.Id));
        Assert.Equal(6, matching);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void List_ReturnsNoJobsButTheMatchingCount_WhenLimitIsNotPositive(int limit)
    {
        var (jobs, matching) = Mixed.State().List(new ListJobs(JobState.Pending, limit));

        Assert.Empty(jobs);
        Assert.Equal(2, matching);
    }

    [Fact]
    public void NextRunnable_IsTheOldestPendingJob_WhenSeveralArePending()
    {
        Assert.Equal("waiting", Mixed.State().NextRunnable()!.Id);
        Assert.Equal(2, Mixed.State().RunnableCount);
        Assert.Null(Given.NoEvents().NextRunnable());
    }

    [Fact]
    public void AwaitingRetry_ListsFailedJobsWithTheirDueTime_WhenSomeFailed()
    {
        var job = Assert.Single(Mixed.State().AwaitingRetry());

        Assert.Equal(("failed", At(5)), (job.Id, job.NextAttemptAt));
    }

    [Fact]
    public void History_RecordsEveryTransitionWithAReason_WhenJobFailsThenSucceeds()
    {
        var state = Given.Events(Given.Enqueued("a"), Given.Workers(1))
            .Run(StartNextJobs.Instance, At(1))
            .Run(Given.Exit("a", 1, 127), At(2))
            .Run(ReleaseDueJobs.Instance, At(4))
            .Run(StartNextJobs.Instance, At(4))
            .Run(new InterruptRunningJobs("host stopped"), At(5))
            .Run(StartNextJobs.Instance, At(6))
            .Run(Given.Exit("a", 3, 0), At(7));

        Assert.Equal(
        [
            new JobTransition(T0, JobState.Pending, "enqueued"),
            new JobTransition(At(1), JobState.Processing, "attempt 1 started"),
            new JobTransition(At(2), JobState.Failed, $"exited with code 127 (command not found); retry at {At(4):O}"),
            new JobTransition(At(4), JobState.Pending, "retry due"),
            new JobTransition(At(4), JobState.Processing, "attempt 2 started"),
            new JobTransition(At(5), JobState.Pending, "interrupted: host stopped"),
            new JobTransition(At(6), JobState.Processing, "attempt 3 started"),
            new JobTransition(At(7), JobState.Completed, "exited with code 0"),
        ], state.Find("a")!.History);
    }

    [Fact]
    public void History_KeepsOnlyTheLatestTransitions_WhenJobHasMoreThanMaxHistory()
    {
        var state = Given.Events(Given.EnqueuedWith(100, "a"), Given.Workers(1));
        var now = At(0);
        for (var attempt = 1; attempt <= 20; attempt++)
        {
            state = state.Run(StartNextJobs.Instance, now).Run(Given.Exit("a", attempt, 1), now);
            now = state.Find("a")!.NextAttemptAt!.Value;
            state = state.Run(ReleaseDueJobs.Instance, now);
        }

        var history = state.Find("a")!.History;
        Assert.Equal(Job.MaxHistory, history.Count);
        Assert.Equal(new JobTransition(now, JobState.Pending, "retry due"), history[^1]);
        Assert.DoesNotContain(history, t => t.Reason == "enqueued");
    }
}
