using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;
using QueueCtl.Tests.Domain.Support;
using static QueueCtl.Tests.Domain.Support.Clock;

namespace QueueCtl.Tests.Domain;

/// <summary>
/// Spec 4: a run cut off by the host's end is recorded as interrupted, goes back to pending without
/// spending a retry, and a job interrupted more than 3 times goes to the DLQ.
/// </summary>
public sealed class QueueStateInterruptionTests
{
    private const string HostStopped = "host stopped";

    private static QueueState RunningA(int maxRetries = 3) =>
        Given.Events(Given.EnqueuedWith(maxRetries, "a"), Given.Workers(1), new JobStarted("a", 1, T0));

    /// <summary>Starts "a" and interrupts it <paramref name="times"/> times, as repeated host crashes would.</summary>
    private static QueueState InterruptedTimes(int times, int maxRetries = 3)
    {
        var state = Given.Events(Given.EnqueuedWith(maxRetries, "a"), Given.Workers(1));
        for (var i = 0; i < times; i++)
        {
            state = state.Run(StartNextJobs.Instance, At(i)).Run(new InterruptRunningJobs(HostStopped), At(i));
        }
        return state;
    }

    [Fact]
    public void InterruptRunningJobs_InterruptsEveryRunningJobInEnqueueOrder_WhenJobsWereProcessing()
    {
        var given = Given.Events(Given.Enqueued("a", "b", "c"), Given.Workers(2), new JobStarted("b", 1, T0), new JobStarted("a", 1, T0));

        var decision = given.Decide(new InterruptRunningJobs(HostStopped), At(9));

        Expect.Events(decision, new JobInterrupted("a", HostStopped, At(9)), new JobInterrupted("b", HostStopped, At(9)));
        Assert.Null(decision.Reply);
    }

    [Fact]
    public void InterruptRunningJobs_DoesNothing_WhenNothingRuns()
    {
        Expect.Nothing(Given.Events(Given.Enqueued("a"), Given.Workers(1)).Decide(new InterruptRunningJobs(HostStopped), T0));
    }

    [Fact]
    public void JobInterrupted_ReturnsJobToPendingWithoutSpendingAnAttempt_WhenApplied()
    {
        var state = RunningA().Run(new InterruptRunningJobs(HostStopped), At(4));

        var job = state.Find("a")!;
        Assert.Equal(JobState.Pending, job.State);
        Assert.Equal(1, job.Attempts); // attempts counts starts; Interruptions says this one spends no retry
        Assert.Equal(1, job.Interruptions);
        Assert.Equal("interrupted: host stopped", job.LastError);
        Assert.Equal("interrupted: host stopped", job.History[^1].Reason);
        Assert.Empty(state.Running);
        Assert.Same(job, state.NextRunnable());
    }

    [Fact]
    public void StartNextJobs_GivesTheRunANewAttemptNumber_WhenThePreviousRunWasInterrupted()
    {
        var state = RunningA().Run(new InterruptRunningJobs(HostStopped), At(4));

        Expect.Events(state.Decide(StartNextJobs.Instance, At(5)), new JobStarted("a", 2, At(5)));
    }

    [Fact]
    public void RecordRunOutcome_KeepsTheFullRetryBudget_WhenEarlierRunsWereInterrupted()
    {
        var state = InterruptedTimes(3, maxRetries: 1).Run(StartNextJobs.Instance, At(10));

        Assert.Equal((4, 3), (state.Find("a")!.Attempts, state.Find("a")!.Interruptions));
        Expect.Single<JobFailed>(state.Decide(Given.Exit("a", 4, 1), At(11)));
    }

    [Fact]
    public void InterruptRunningJobs_OnlyInterrupts_WhenThisIsTheThirdInterruption()
    {
        var state = InterruptedTimes(2).Run(StartNextJobs.Instance, At(5));

        Expect.Events(state.Decide(new InterruptRunningJobs(HostStopped), At(6)), new JobInterrupted("a", HostStopped, At(6)));
    }

    [Fact]
    public void InterruptRunningJobs_MovesJobToDlqWithReason_WhenThisIsTheFourthInterruption()
    {
        var given = InterruptedTimes(3).Run(StartNextJobs.Instance, At(5));

        var decision = given.Decide(new InterruptRunningJobs(HostStopped), At(6));

        Assert.Equal(2, decision.Events.Length);
        Assert.Equal(new JobInterrupted("a", HostStopped, At(6)), decision.Events[0]);
        var died = Assert.IsType<JobDied>(decision.Events[1]);
        Assert.Equal(("a", (int?)null, At(6)), (died.JobId, died.ExitCode, died.At));
        Assert.Contains("interrupted 4 times", died.Reason);
        Assert.Contains(HostStopped, died.Reason);
        Assert.Contains("DLQ", died.Reason);

        var state = given.ApplyAll(decision.Events);
        var job = state.Find("a")!;
        Assert.Equal((JobState.Dead, 4, died.Reason), (job.State, job.Interruptions, job.LastError));
        Assert.Empty(state.Running);
        Assert.Null(state.NextRunnable());
    }

    [Fact]
    public void RecordRunOutcome_InterruptsJob_WhenWorkerReportsInterrupted()
    {
        var decision = RunningA().Decide(new RecordRunOutcome("a", 1, new RunOutcome.Interrupted("worker restarted")), At(2));

        Expect.Events(decision, new JobInterrupted("a", "worker restarted", At(2)));
    }

    [Fact]
    public void RecordRunOutcome_IgnoresLateReportOfInterruptedRun_WhenTheJobRunsAgain()
    {
        var state = RunningA()
            .Run(new RecordRunOutcome("a", 1, new RunOutcome.Interrupted("worker restarted")), At(1))
            .Run(StartNextJobs.Instance, At(2));

        // The first run's process finished after all and its report arrives late: it says nothing about run 2.
        Expect.Nothing(state.Decide(Given.Exit("a", 1, 0), At(3)));
    }

    private const string HostFault = "the queue manager restarted";

    [Fact]
    public void InterruptRunningJobs_LeavesTheHeldJobsRunning_WhenWorkersReportedThem()
    {
        var given = Given.Events(Given.Enqueued("a", "b"), Given.Workers(2), new JobStarted("a", 1, T0), new JobStarted("b", 1, T0));

        var decision = given.Decide(new InterruptRunningJobs(HostFault, Counted: false) { Held = ["b"] }, At(3));

        Expect.Events(decision, new JobInterrupted("a", HostFault, At(3), Counted: false));
    }

    [Fact]
    public void JobInterrupted_CountsTowardTheHostsFaultsNotTheJobs_WhenNotCounted()
    {
        var state = RunningA().Run(new InterruptRunningJobs(HostFault, Counted: false), At(4));

        var job = state.Find("a")!;
        Assert.Equal((JobState.Pending, 1, 0, 1), (job.State, job.Attempts, job.Interruptions, job.HostInterruptions));
        Assert.Equal($"interrupted: {HostFault}", job.History[^1].Reason);
    }

    [Fact]
    public void InterruptRunningJobs_NeverMovesJobToDlq_WhenTheInterruptionsAreTheHostsFault()
    {
        var state = Given.Events(Given.EnqueuedWith(1, "a"), Given.Workers(1));
        for (var i = 0; i < QueueState.MaxInterruptions + 3; i++)
        {
            state = state.Run(StartNextJobs.Instance, At(i)).Run(new InterruptRunningJobs(HostFault, Counted: false), At(i));
        }

        var job = state.Find("a")!;
        Assert.Equal((JobState.Pending, 0, QueueState.MaxInterruptions + 3), (job.State, job.Interruptions, job.HostInterruptions));
        // Nor do they spend a retry: the next failure still has its one retry left.
        state = state.Run(StartNextJobs.Instance, At(20));
        Expect.Single<JobFailed>(state.Decide(Given.Exit("a", QueueState.MaxInterruptions + 4, 1), At(21)));
    }

    [Fact]
    public void RecordRunOutcome_RecordsAnUncountedInterruption_WhenTheWorkerCrashed()
    {
        var decision = RunningA().Decide(new RecordRunOutcome("a", 1, new RunOutcome.Interrupted("worker crashed", Counted: false)), At(2));

        Expect.Events(decision, new JobInterrupted("a", "worker crashed", At(2), Counted: false));
    }

    [Fact]
    public void DeadJobRetried_ResetsBothInterruptionCounts()
    {
        var state = Given.Events(Given.EnqueuedWith(3, "a"), Given.Workers(1))
            .Run(StartNextJobs.Instance, At(0))
            .Run(new InterruptRunningJobs(HostFault, Counted: false), At(0));
        for (var i = 1; i <= QueueState.MaxInterruptions + 1; i++)
        {
            state = state.Run(StartNextJobs.Instance, At(i)).Run(new InterruptRunningJobs(HostStopped), At(i));
        }
        var dead = state.Find("a")!;
        Assert.Equal((JobState.Dead, QueueState.MaxInterruptions + 1, 1), (dead.State, dead.Interruptions, dead.HostInterruptions));

        var retried = state.Run(new RetryDeadJob("a"), At(10)).Find("a")!;

        Assert.Equal((JobState.Pending, 0, 0, 0), (retried.State, retried.Attempts, retried.Interruptions, retried.HostInterruptions));
    }
}
