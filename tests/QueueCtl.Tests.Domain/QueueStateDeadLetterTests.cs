using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;
using QueueCtl.Tests.Domain.Support;
using static QueueCtl.Tests.Domain.Support.Clock;

namespace QueueCtl.Tests.Domain;

/// <summary><c>queuectl dlq retry ID</c> / <c>dlq retry --all</c>: dead back to pending, attempts reset.</summary>
public sealed class QueueStateDeadLetterTests
{
    private static IQueueEvent[] Died(string id, int attempts) =>
    [
        .. Enumerable.Range(1, attempts).Select(n => (IQueueEvent)new JobStarted(id, n, T0)),
        new JobDied(id, 1, "exited with code 1; gave up after 3 retries", At(1)),
    ];

    [Fact]
    public void RetryDeadJob_ReturnsJobToPending_WhenJobIsDead()
    {
        var given = Given.Events([Given.Enqueued("a"), Given.Workers(1), .. Died("a", 4)]);

        var decision = given.Decide(new RetryDeadJob("a"), At(9));

        Expect.Events(decision, new DeadJobRetried("a", At(9)));
        Assert.Equal(["a"], Assert.IsType<DeadJobsRetried>(decision.Reply).JobIds.AsEnumerable());
    }

    [Fact]
    public void DeadJobRetried_ResetsAttemptsAndInterruptions_WhenApplied()
    {
        var state = Given.Events([Given.Enqueued("a"), Given.Workers(1), .. Died("a", 4)]).Run(new RetryDeadJob("a"), At(9));

        var job = state.Find("a")!;
        Assert.Equal((JobState.Pending, 0, 0), (job.State, job.Attempts, job.Interruptions));
        Assert.Null(job.NextAttemptAt);
        Assert.Equal("retried from the DLQ; attempts reset", job.History[^1].Reason);
        Assert.Same(job, state.NextRunnable());
        Expect.Events(state.Decide(StartNextJobs.Instance, At(10)), new JobStarted("a", 1, At(10)));
    }

    [Fact]
    public void DeadJobRetried_ResetsInterruptions_WhenJobDiedOfInterruptions()
    {
        var state = Given.Events(Given.Enqueued("a"), Given.Workers(1));
        for (var i = 0; i < 4; i++)
        {
            state = state.Run(StartNextJobs.Instance, T0).Run(new InterruptRunningJobs("host stopped"), T0);
        }
        Assert.Equal(JobState.Dead, state.Find("a")!.State);

        state = state.Run(new RetryDeadJob("a"), At(1)).Run(StartNextJobs.Instance, At(1));

        Expect.Events(state.Decide(new InterruptRunningJobs("host stopped"), At(2)), new JobInterrupted("a", "host stopped", At(2)));
    }

    public static TheoryData<string> NotDead => ["pending", "processing", "failed", "completed"];

    [Theory]
    [MemberData(nameof(NotDead))]
    public void RetryDeadJob_IsRejectedAsWrongState_WhenJobIsNotDead(string state)
    {
        var enqueued = Given.Events(Given.Enqueued("a"), Given.Workers(1));
        var given = state switch
        {
            "pending" => enqueued,
            "processing" => enqueued.ApplyAll([new JobStarted("a", 1, T0)]),
            "failed" => enqueued.ApplyAll([new JobStarted("a", 1, T0), new JobFailed("a", 1, "exited with code 1", At(2), T0)]),
            _ => enqueued.ApplyAll([new JobStarted("a", 1, T0), new JobCompleted("a", 0, T0)]),
        };

        var rejected = Expect.Rejected(given.Decide(new RetryDeadJob("a"), At(1)), RejectionKind.WrongState);

        Assert.Contains($"is {state}, not dead", rejected.Reason);
    }

    [Fact]
    public void RetryDeadJob_IsRejectedAsNotFound_WhenJobIsUnknown()
    {
        var rejected = Expect.Rejected(Given.NoEvents().Decide(new RetryDeadJob("ghost"), T0), RejectionKind.NotFound);

        Assert.Contains("'ghost'", rejected.Reason);
    }

    [Fact]
    public void RetryAllDeadJobs_RetriesEveryDeadJobInEnqueueOrder_WhenSomeAreDead()
    {
        var given = Given.Events(
        [
            Given.Enqueued("a", "b", "c", "d"), Given.Workers(4),
            .. Died("c", 1), .. Died("a", 1), new JobStarted("b", 1, T0), new JobCompleted("b", 0, T0),
        ]);

        var decision = given.Decide(RetryAllDeadJobs.Instance, At(5));

        Expect.Events(decision, new DeadJobRetried("a", At(5)), new DeadJobRetried("c", At(5)));
        Assert.Equal(["a", "c"], Assert.IsType<DeadJobsRetried>(decision.Reply).JobIds.AsEnumerable());
        var state = given.ApplyAll(decision.Events);
        Assert.Equal(3, state.CountByState()["pending"]);
        Assert.Equal(0, state.CountByState()["dead"]);
    }

    [Fact]
    public void RetryAllDeadJobs_StoresNothingAndRepliesEmpty_WhenNoJobIsDead()
    {
        var decision = Given.Events(Given.Enqueued("a")).Decide(RetryAllDeadJobs.Instance, T0);

        Assert.Empty(decision.Events);
        Assert.Empty(Assert.IsType<DeadJobsRetried>(decision.Reply).JobIds);
    }

    [Fact]
    public void DeadJobsRetried_NamesOnlyWhatFitsItsBudget_AndCountsTheRest_WhenThereAreTooManyIds()
    {
        var ids = Enumerable.Range(0, 50_000).Select(i => $"{new string('x', 120)}-{i:D5}").ToList();

        var reply = DeadJobsRetried.Of(ids);

        Assert.Equal(50_000, reply.Total);
        Assert.Equal(50_000, reply.Count);
        Assert.InRange(reply.JobIds.Length, 1, 49_999);
        Assert.True(reply.JobIds.Sum(id => id.Length + 3) <= IdBudget.MaxIdBytes);
        Assert.Equal(ids.Take(reply.JobIds.Length), reply.JobIds);
        Assert.Null(DeadJobsRetried.Of(["a", "b"]).Count);
    }
}
