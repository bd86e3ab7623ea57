using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;
using QueueCtl.Tests.Domain.Support;
using static QueueCtl.Tests.Domain.Support.Clock;

namespace QueueCtl.Tests.Domain;

/// <summary>
/// Scheduled jobs (<c>enqueue --run-at</c>, <c>--delay</c>, <c>"run_at"</c>): pending, but not started before their
/// run_at; the due timer's <see cref="ReleaseDueJobs"/> makes them runnable (<see cref="ScheduledJobsDue"/>).
/// </summary>
public sealed class QueueStateScheduledTests
{
    private static JobsEnqueued Scheduled(double at, params (string Id, double RunAt)[] jobs) =>
        new([.. jobs.Select(j => new NewJob(j.Id, $"echo {j.Id}", 3, RunAt: At(j.RunAt)))], At(at));

    [Fact]
    public void EnqueueJobs_StoresRunAtInUtc_WhenGivenInAnotherOffset()
    {
        var runAt = new DateTimeOffset(2026, 3, 1, 14, 0, 30, TimeSpan.FromHours(2));

        var decision = Given.NoEvents().Decide(Given.Enqueue(new JobSubmission("a", "true", RunAt: runAt)), T0);

        var stored = Assert.IsType<JobsEnqueued>(Assert.Single(decision.Events)).Jobs.Single();
        Assert.Equal(At(30), stored.RunAt);
        Assert.Equal(TimeSpan.Zero, stored.RunAt!.Value.Offset);
        var job = Assert.IsType<JobsAccepted>(decision.Reply).Jobs.Single();
        Assert.True(job.WaitsForRunAt);
        Assert.Equal(At(30), job.RunAt);
    }

    [Fact]
    public void JobsEnqueued_KeepsAScheduledJobPendingButNotRunnable_BeforeItsRunAt()
    {
        var state = Given.Events(Given.Workers(4), Scheduled(0, ("later", 60)));

        var job = state.Find("later")!;
        Assert.Equal(JobState.Pending, job.State);
        Assert.True(job.WaitsForRunAt);
        Assert.Equal(At(60), job.RunAt);
        Assert.Equal($"enqueued; runs at {At(60):O}", Assert.Single(job.History).Reason);
        Assert.Null(state.NextRunnable());
        Assert.Equal(At(60), state.NextDueAt);
        Expect.Nothing(state.Decide(StartNextJobs.Instance, At(59)));
        Assert.Equal((1, (DateTimeOffset?)At(60)), state.Scheduled());
    }

    [Fact]
    public void ReleaseDueJobs_DoesNothing_BeforeTheRunAt()
    {
        var state = Given.Events(Given.Workers(1), Scheduled(0, ("later", 60)));

        Expect.Nothing(state.Decide(ReleaseDueJobs.Instance, At(59.999)));
    }

    [Fact]
    public void ReleaseDueJobs_MakesEveryDueScheduledJobRunnableInOneEvent_WhenTheirRunAtHasCome()
    {
        var state = Given.Events(Given.Workers(1), Scheduled(0, ("b", 20), ("a", 10), ("c", 90)));

        var decision = state.Decide(ReleaseDueJobs.Instance, At(20));

        Expect.Events(decision, new ScheduledJobsDue(["a", "b"], At(20)));
        var after = state.ApplyAll(decision.Events);
        Assert.All(new[] { "a", "b" }, id =>
        {
            var job = after.Find(id)!;
            Assert.Equal((JobState.Pending, false, "run_at reached"), (job.State, job.WaitsForRunAt, job.History[^1].Reason));
        });
        Assert.True(after.Find("c")!.WaitsForRunAt);
        Assert.Equal(At(90), after.NextDueAt);
        Assert.Equal((1, (DateTimeOffset?)At(90)), after.Scheduled());
        // Once due, jobs run in priority and enqueue order like any other, not in run_at order: b was enqueued first.
        Expect.Events(after.Decide(StartNextJobs.Instance, At(20)), new JobStarted("b", 1, At(20)));
    }

    [Fact]
    public void StartNextJobs_StartsADueScheduledJobByItsPriority_AheadOfLowerOnesEnqueuedBefore()
    {
        var state = Given.Events(
            Given.Workers(1),
            Given.Enqueued("first"),
            new JobsEnqueued([new NewJob("urgent-later", "true", 3, Priority: 5, RunAt: At(10))], T0),
            Given.Enqueued("second"));
        Assert.Equal("first", state.NextRunnable()!.Id);

        state = state.Run(ReleaseDueJobs.Instance, At(10));

        Expect.Events(state.Decide(StartNextJobs.Instance, At(10)), new JobStarted("urgent-later", 1, At(10)));
    }

    [Theory]
    [InlineData(-3600)]
    [InlineData(0)]
    public void EnqueueJobs_MakesTheJobRunnableAtOnce_WhenItsRunAtIsNowOrPast(double runAt)
    {
        var state = Given.Events(Given.Workers(1)).Run(Given.Enqueue(new JobSubmission("a", "true", RunAt: At(runAt))), T0);

        var job = state.Find("a")!;
        Assert.False(job.WaitsForRunAt);
        Assert.Equal(At(runAt), job.RunAt); // kept as given: show says when it was asked for
        Assert.Equal("enqueued", job.History[^1].Reason);
        Assert.Null(state.NextDueAt);
        Expect.Events(state.Decide(StartNextJobs.Instance, T0), new JobStarted("a", 1, T0));
    }

    /// <summary>What the manager arms its one timer for: the earliest of retries and run_at times.</summary>
    [Fact]
    public void NextDueAt_IsTheEarliestOfRetriesAndRunAtTimes_AsTheyComeAndGo()
    {
        var state = Given.Events(Given.Workers(1), Scheduled(0, ("scheduled", 100)), Given.Enqueued("fails"));
        Assert.Equal(At(100), state.NextDueAt);

        state = state.Run(StartNextJobs.Instance, At(1)).Run(Given.Exit("fails", 1, 1), At(1));
        Assert.Equal(At(3), state.NextDueAt); // the retry, base 2: 2 s after the failure

        state = state.Run(ReleaseDueJobs.Instance, At(3));
        Assert.Equal(At(100), state.NextDueAt);

        state = state.Run(ReleaseDueJobs.Instance, At(100));
        Assert.Null(state.NextDueAt);
        Assert.Equal((0, (DateTimeOffset?)null), state.Scheduled());
    }

    [Fact]
    public void ReleaseDueJobs_ReleasesRetriesAndScheduledJobsTogether_WhenBothAreDue()
    {
        var state = Given.Events(Given.Workers(1), Scheduled(0, ("scheduled", 2)), Given.Enqueued("fails"))
            .Run(StartNextJobs.Instance, At(0.5))
            .Run(Given.Exit("fails", 1, 1), At(1));

        Expect.Events(state.Decide(ReleaseDueJobs.Instance, At(5)),
            new JobRetryDue("fails", At(5)), new ScheduledJobsDue(["scheduled"], At(5)));
    }

    [Fact]
    public void ScheduledJobsDue_ChangesNothing_WhenAppliedToAJobNoLongerWaiting()
    {
        var released = Given.Events(Given.Workers(1), Scheduled(0, ("a", 10))).Run(ReleaseDueJobs.Instance, At(10));

        var again = released.Apply(new ScheduledJobsDue(["a", "unknown"], At(11)));

        StateAssert.Equivalent(released, again);
    }

    /// <summary>The due time is part of the stored enqueue event: recovery replays it and the job still waits for it.</summary>
    [Fact]
    public void Replay_RebuildsTheWaitingJobAndItsDueTime_WhenTheStoredEventsAreAppliedAgain()
    {
        var events = new IQueueEvent[] { Given.Workers(1), Scheduled(0, ("a", 60), ("b", 30)), new ScheduledJobsDue(["b"], At(30)) };

        var recovered = Given.Events(events);

        Assert.True(recovered.Find("a")!.WaitsForRunAt);
        Assert.False(recovered.Find("b")!.WaitsForRunAt);
        Assert.Equal(At(60), recovered.NextDueAt);
        Assert.Equal("b", recovered.NextRunnable()!.Id);
        Expect.Events(recovered.Decide(ReleaseDueJobs.Instance, At(61)), new ScheduledJobsDue(["a"], At(61)));
    }

    [Fact]
    public void FromSnapshot_RestoresWaitingAndReleasedScheduledJobsAndRetries_WhenGivenToSnapshotOfThem()
    {
        var original = Given.Events(Given.Workers(1), Scheduled(0, ("waiting", 60), ("released", 5)), Given.Enqueued("fails"))
            .Run(ReleaseDueJobs.Instance, At(5))
            .Run(StartNextJobs.Instance, At(6))
            .Run(Given.Exit("released", 1, 1), At(7));
        Assert.Equal(JobState.Failed, original.Find("released")!.State);

        var restored = QueueState.FromSnapshot(original.ToSnapshot(), Given.Defaults);

        StateAssert.Equivalent(original, restored);
        Assert.Equal(At(9), restored.NextDueAt);
        Expect.Events(restored.Decide(ReleaseDueJobs.Instance, At(60)),
            [.. original.Decide(ReleaseDueJobs.Instance, At(60)).Events]);
    }

    [Fact]
    public void InterruptRunningJobs_PutsAReleasedScheduledJobBackAsRunnable_NotWaitingAgain()
    {
        var state = Given.Events(Given.Workers(1), Scheduled(0, ("a", 10)))
            .Run(ReleaseDueJobs.Instance, At(10))
            .Run(StartNextJobs.Instance, At(10))
            .Run(new InterruptRunningJobs("host stopped"), At(11));

        Assert.False(state.Find("a")!.WaitsForRunAt);
        Assert.Equal("a", state.NextRunnable()!.Id);
        Assert.Null(state.NextDueAt);
    }
}
