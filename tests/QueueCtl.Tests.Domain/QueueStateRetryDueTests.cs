using QueueCtl.Actors.Domain;
using QueueCtl.Tests.Domain.Support;
using static QueueCtl.Tests.Domain.Support.Clock;

namespace QueueCtl.Tests.Domain;

/// <summary>The due timer fires while a failed job waits for its retry: <see cref="ReleaseDueJobs"/> → <see cref="JobRetryDue"/>.</summary>
public sealed class QueueStateRetryDueTests
{
    private static QueueState Failed() =>
        Given.Events(Given.Enqueued("a"), Given.Workers(1), new JobStarted("a", 1, T0),
            new JobFailed("a", 1, "exited with code 1", At(2), T0));

    [Fact]
    public void ReleaseDueJobs_MakesJobPendingAgain_WhenJobFailedAndItsRetryIsDue()
    {
        var decision = Failed().Decide(ReleaseDueJobs.Instance, At(2));

        Expect.Events(decision, new JobRetryDue("a", At(2)));
        Assert.Null(decision.Reply);
    }

    [Fact]
    public void JobRetryDue_MakesJobRunnableAndClearsNextAttemptAt_WhenApplied()
    {
        var state = Failed().Run(ReleaseDueJobs.Instance, At(2));

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
    public void ReleaseDueJobs_DoesNothing_WhenJobIsNotFailed(string situation)
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

        Expect.Nothing(given.Decide(ReleaseDueJobs.Instance, At(2)));
    }

    [Fact]
    public void ReleaseDueJobs_DoesNothing_WhenTheTimerFiresTwice()
    {
        var state = Failed().Run(ReleaseDueJobs.Instance, At(2));

        Expect.Nothing(state.Decide(ReleaseDueJobs.Instance, At(2)));
    }

    [Fact]
    public void ReleaseDueJobs_DoesNothing_WhenItArrivesBeforeNextAttemptAt()
    {
        var failedAgain = Failed()
            .Run(ReleaseDueJobs.Instance, At(2))
            .Run(StartNextJobs.Instance, At(2))
            .Run(Given.Exit("a", 2, 127), At(2.5));
        Assert.Equal(At(6.5), failedAgain.Find("a")!.NextAttemptAt);

        // A second timer armed for the first retry (e.g. re-armed after a manager restart) arrives now.
        Expect.Nothing(failedAgain.Decide(ReleaseDueJobs.Instance, At(2.75)));
    }

    [Fact]
    public void NextDueAt_IsTheRetryTime_WhileTheJobWaitsForItsRetry()
    {
        Assert.Equal(At(2), Failed().NextDueAt);
        Assert.Null(Failed().Run(ReleaseDueJobs.Instance, At(2)).NextDueAt);
    }

    [Fact]
    public void ReleaseDueJobs_ReleasesEveryDueRetryInDueOrderAndNoLaterOne_WhenSeveralJobsFailed()
    {
        var given = Given.Events(Given.Enqueued("a", "b", "c"), Given.Workers(3),
            new JobStarted("a", 1, T0), new JobStarted("b", 1, T0), new JobStarted("c", 1, T0),
            new JobFailed("a", 1, "exited with code 1", At(4), T0),
            new JobFailed("b", 1, "exited with code 1", At(2), T0),
            new JobFailed("c", 1, "exited with code 1", At(9), T0));

        var decision = given.Decide(ReleaseDueJobs.Instance, At(5));

        Expect.Events(decision, new JobRetryDue("b", At(5)), new JobRetryDue("a", At(5)));
        Assert.Equal(At(9), given.ApplyAll(decision.Events).NextDueAt);
    }
}
