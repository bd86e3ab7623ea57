using QueueCtl.Actors.Domain;
using QueueCtl.Tests.Domain.Support;
using static QueueCtl.Tests.Domain.Support.Clock;

namespace QueueCtl.Tests.Domain;

/// <summary>A failed job's retry timer fires: <see cref="MakeRetryDue"/> → <see cref="JobRetryDue"/>.</summary>
public sealed class QueueStateRetryDueTests
{
    private static QueueState Failed() =>
        Given.Events(Given.Enqueued("a"), Given.Workers(1), new JobStarted("a", 1, T0),
            new JobFailed("a", 1, "exited with code 1", At(2), T0));

    [Fact]
    public void MakeRetryDue_MakesJobPendingAgain_WhenJobFailed()
    {
        var decision = Failed().Decide(new MakeRetryDue("a"), At(2));

        Expect.Events(decision, new JobRetryDue("a", At(2)));
        Assert.Null(decision.Reply);
    }

    [Fact]
    public void JobRetryDue_MakesJobRunnableAndClearsNextAttemptAt_WhenApplied()
    {
        var state = Failed().Run(new MakeRetryDue("a"), At(2));

        var job = state.Find("a")!;
        Assert.Equal(JobState.Pending, job.State);
        Assert.Null(job.NextAttemptAt);
        Assert.Equal(1, job.Attempts);
        Assert.Same(job, state.NextRunnable());
        Assert.Empty(state.AwaitingRetry());
    }

    public static TheoryData<string> NotFailed => ["pending", "processing", "completed", "dead", "unknown"];

    [Theory]
    [MemberData(nameof(NotFailed))]
    public void MakeRetryDue_DoesNothing_WhenJobIsNotFailed(string situation)
    {
        var enqueued = Given.Events(Given.Enqueued("a"), Given.Workers(1));
        var given = situation switch
        {
            "pending" => enqueued,
            "processing" => enqueued.ApplyAll([new JobStarted("a", 1, T0)]),
            "completed" => enqueued.ApplyAll([new JobStarted("a", 1, T0), new JobCompleted("a", 0, T0)]),
            "dead" => enqueued.ApplyAll([new JobStarted("a", 1, T0), new JobDied("a", 1, "gave up", T0)]),
            _ => Given.NoEvents(),
        };

        Expect.Nothing(given.Decide(new MakeRetryDue("a"), At(2)));
    }

    [Fact]
    public void MakeRetryDue_DoesNothing_WhenTheTimerFiresTwice()
    {
        var state = Failed().Run(new MakeRetryDue("a"), At(2));

        Expect.Nothing(state.Decide(new MakeRetryDue("a"), At(2)));
    }

    [Fact]
    public void MakeRetryDue_DoesNothing_WhenItArrivesBeforeNextAttemptAt()
    {
        var failedAgain = Failed()
            .Run(new MakeRetryDue("a"), At(2))
            .Run(StartNextJobs.Instance, At(2))
            .Run(Given.Exit("a", 2, 127), At(2.5));
        Assert.Equal(At(6.5), failedAgain.Find("a")!.NextAttemptAt);

        // A second timer armed for the first retry (e.g. re-armed after a manager restart) arrives now.
        Expect.Nothing(failedAgain.Decide(new MakeRetryDue("a"), At(2.75)));
    }
}
