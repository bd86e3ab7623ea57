using QueueCtl.Actors.Domain;
using QueueCtl.Tests.Domain.Support;
using static QueueCtl.Tests.Domain.Support.Clock;

namespace QueueCtl.Tests.Domain;

/// <summary>A worker's report (<see cref="RecordRunOutcome"/>) turns into completed, failed or dead (spec 2.1).</summary>
public sealed class QueueStateRunOutcomeTests
{
    /// <summary>Job "a" (max_retries given) running its first attempt since T0.</summary>
    private static QueueState Running(int maxRetries = 3) =>
        Given.Events(Given.EnqueuedWith(maxRetries, "a"), Given.Workers(1), new JobStarted("a", 1, T0));

    [Fact]
    public void RecordRunOutcome_CompletesJob_WhenExitCodeIsZero()
    {
        var decision = Running().Decide(Given.Exit("a", 1, 0), At(3));

        Expect.Events(decision, new JobCompleted("a", 0, At(3)));
        Assert.Null(decision.Reply);
    }

    [Fact]
    public void JobCompleted_FinishesJobAndFreesTheSlot_WhenApplied()
    {
        var state = Running().Run(Given.Exit("a", 1, 0), At(3));

        var job = state.Find("a")!;
        Assert.Equal(JobState.Completed, job.State);
        Assert.Equal(0, job.ExitCode);
        Assert.Null(job.LastError);
        Assert.Equal(At(3), job.FinishedAt);
        Assert.Empty(state.Running);
        Assert.Null(state.NextRunnable());
    }

    [Fact]
    public void RecordRunOutcome_FailsWithRetryInBaseSeconds_WhenFirstAttemptFails()
    {
        var decision = Running().Decide(Given.Exit("a", 1, 1), At(3));

        Expect.Events(decision, new JobFailed("a", 1, "exited with code 1", At(5), At(3)));
    }

    [Fact]
    public void JobFailed_WaitsForItsRetry_WhenApplied()
    {
        var state = Running().Run(Given.Exit("a", 1, 1), At(3));

        var job = state.Find("a")!;
        Assert.Equal(JobState.Failed, job.State);
        Assert.Equal(1, job.ExitCode);
        Assert.Equal("exited with code 1", job.LastError);
        Assert.Equal(At(5), job.NextAttemptAt);
        Assert.Empty(state.Running);
        Assert.Null(state.NextRunnable());
        Assert.Equal(["a"], state.AwaitingRetry().Select(j => j.Id));
    }

    [Fact]
    public void RecordRunOutcome_RunsAtT_T2_T6_T14ThenDies_WhenMaxRetries3AndBase2AndEveryRunFails()
    {
        var state = Running();
        var starts = new List<double> { 0 };
        var now = T0;
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var failed = Expect.Single<JobFailed>(state.Decide(Given.Exit("a", attempt, 2), now));
            Assert.Equal(now.AddSeconds(Math.Pow(2, attempt)), failed.NextAttemptAt);
            state = state.ApplyAll([failed]);
            Expect.Nothing(state.Decide(StartNextJobs.Instance, now));

            now = failed.NextAttemptAt;
            state = state.Run(ReleaseDueJobs.Instance, now);
            var started = Expect.Single<JobStarted>(state.Decide(StartNextJobs.Instance, now));
            Assert.Equal(attempt + 1, started.Attempt);
            starts.Add((started.At - T0).TotalSeconds);
            state = state.ApplyAll([started]);
        }

        var died = Expect.Single<JobDied>(state.Decide(Given.Exit("a", 4, 2), now));
        state = state.ApplyAll([died]);

        Assert.Equal([0d, 2d, 6d, 14d], starts);
        Assert.Equal("exited with code 2; gave up after 3 retries", died.Reason);
        Assert.Equal(2, died.ExitCode);
        var job = state.Find("a")!;
        Assert.Equal((JobState.Dead, 4, "exited with code 2; gave up after 3 retries"), (job.State, job.Attempts, job.LastError));
        Assert.Null(job.NextAttemptAt);
        Assert.Empty(state.AwaitingRetry());
    }

    [Fact]
    public void RecordRunOutcome_DiesOnFirstFailure_WhenMaxRetriesIsZero()
    {
        var decision = Running(maxRetries: 0).Decide(Given.Exit("a", 1, 1), At(1));

        Expect.Events(decision, new JobDied("a", 1, "exited with code 1; gave up after 0 retries", At(1)));
    }

    [Fact]
    public void RecordRunOutcome_SaysOneRetry_WhenMaxRetriesIsOneAndSecondAttemptFails()
    {
        var state = Running(maxRetries: 1).Run(Given.Exit("a", 1, 1), T0).Run(ReleaseDueJobs.Instance, At(2))
            .Run(StartNextJobs.Instance, At(2));

        Assert.EndsWith("gave up after 1 retry", Expect.Single<JobDied>(state.Decide(Given.Exit("a", 2, 1), At(3))).Reason);
    }

    [Fact]
    public void RecordRunOutcome_CapsTheDelay_WhenBackoffExceedsBackoffMaxSeconds()
    {
        var state = Given.Events(new ConfigChanged(QueueSettings.BackoffMaxSecondsKey, "5", T0))
            .ApplyAll([Given.EnqueuedWith(10, "a"), Given.Workers(1)]);
        var delays = new List<double>();
        var now = T0;
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            state = state.Run(StartNextJobs.Instance, now);
            var failed = Expect.Single<JobFailed>(state.Decide(Given.Exit("a", attempt, 1), now));
            delays.Add((failed.NextAttemptAt - now).TotalSeconds);
            state = state.ApplyAll([failed]);
            now = failed.NextAttemptAt;
            state = state.Run(ReleaseDueJobs.Instance, now);
        }

        Assert.Equal([2d, 4d, 5d, 5d], delays);
    }

    [Theory]
    [InlineData(127, "exited with code 127 (command not found)")]
    [InlineData(126, "exited with code 126 (command not executable)")]
    [InlineData(137, "exited with code 137 (killed by signal 9)")]
    [InlineData(128, "exited with code 128")]
    [InlineData(3, "exited with code 3")]
    public void RecordRunOutcome_ExplainsExitCode_WhenRunFails(int code, string reason)
    {
        var failed = Expect.Single<JobFailed>(Running().Decide(Given.Exit("a", 1, code), T0));

        Assert.Equal(reason, failed.Reason);
        Assert.Equal(code, failed.ExitCode);
    }

    [Fact]
    public void RecordRunOutcome_FailsWithoutExitCode_WhenCommandCouldNotStart()
    {
        var decision = Running().Decide(new RecordRunOutcome("a", 1, new RunOutcome.CouldNotStart("/bin/sh: no such file")), At(1));

        Expect.Events(decision, new JobFailed("a", null, "could not start: /bin/sh: no such file", At(3), At(1)));
    }

    [Fact]
    public void RecordRunOutcome_FailsSayingAfterHowLong_WhenRunTimedOut()
    {
        var failed = Expect.Single<JobFailed>(
            Running().Decide(new RecordRunOutcome("a", 1, new RunOutcome.TimedOut(TimeSpan.FromSeconds(30))), At(30)));

        Assert.Equal("timed out after 30 s", failed.Reason);
        Assert.Null(failed.ExitCode);
    }

    [Fact]
    public void RecordRunOutcome_ChangesNothing_WhenAttemptIsNotTheRunningOne()
    {
        Expect.Nothing(Running().Decide(Given.Exit("a", 2, 0), T0));
        Expect.Nothing(Running().Decide(Given.Exit("a", 0, 1), T0));
    }

    [Fact]
    public void RecordRunOutcome_ChangesNothing_WhenJobIsNotProcessing()
    {
        var completed = Running().Run(Given.Exit("a", 1, 0), T0);
        var pending = Given.Events(Given.Enqueued("a"));

        Expect.Nothing(completed.Decide(Given.Exit("a", 1, 1), At(1)));
        Expect.Nothing(pending.Decide(Given.Exit("a", 0, 1), At(1)));
        Expect.Nothing(pending.Decide(Given.Exit("a", 1, 1), At(1)));
    }

    [Fact]
    public void RecordRunOutcome_ChangesNothing_WhenJobIsUnknown()
    {
        Expect.Nothing(Running().Decide(Given.Exit("nope", 1, 0), T0));
    }

    [Fact]
    public void RecordRunOutcome_UsesBackoffSettingsInForce_WhenTheRunFails()
    {
        var state = Running().Run(new Actors.Protocol.SetConfig("backoff-base", "3"), T0);

        Assert.Equal(At(3), Expect.Single<JobFailed>(state.Decide(Given.Exit("a", 1, 1), T0)).NextAttemptAt);
    }
}
