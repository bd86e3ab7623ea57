using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;
using QueueCtl.Tests.Domain.Support;
using static QueueCtl.Tests.Domain.Support.Clock;

namespace QueueCtl.Tests.Domain;

/// <summary>
/// <c>queuectl enqueue --timeout 90s</c> / <c>"timeout_seconds"</c> and <c>config set job-timeout-seconds</c>: what timeout a
/// job is stored with, and what a timed-out attempt becomes (a failure, with the retry rules).
/// </summary>
public sealed class QueueStateTimeoutTests
{
    [Fact]
    public void EnqueueJobs_StoresTheTimeout_WhenGiven()
    {
        var decision = Given.NoEvents().Decide(Given.Enqueue(new JobSubmission("a", "sleep 100", TimeoutSeconds: 90)), T0);

        Expect.Events(decision, new JobsEnqueued([new NewJob("a", "sleep 100", 3, TimeoutSeconds: 90)], T0));
        Assert.Equal(90, Assert.IsType<JobsAccepted>(decision.Reply).Jobs.Single().TimeoutSeconds);
    }

    [Fact]
    public void EnqueueJobs_StoresNoTimeout_WhenNoneGivenAndNoneConfigured()
    {
        var state = Given.NoEvents().Run(Given.Enqueue(new JobSubmission("a", "true")), T0);

        Assert.Null(state.Find("a")!.TimeoutSeconds);
    }

    [Theory]
    [InlineData(JobTimeout.MinSeconds)]
    [InlineData(JobTimeout.MaxSeconds)]
    public void EnqueueJobs_AcceptsTheTimeout_WhenAtAnEndOfTheRange(int seconds)
    {
        var state = Given.NoEvents().Run(Given.Enqueue(new JobSubmission("a", "true", TimeoutSeconds: seconds)), T0);

        Assert.Equal(seconds, state.Find("a")!.TimeoutSeconds);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(JobTimeout.MaxSeconds + 1)]
    public void EnqueueJobs_IsRejectedSayingTheRange_WhenTimeoutIsOutOfRange(int seconds)
    {
        var rejected = Expect.Rejected(
            Given.NoEvents().Decide(Given.Enqueue(new JobSubmission("a", "true", TimeoutSeconds: seconds)), T0), RejectionKind.InvalidInput);

        Assert.Equal($"timeout_seconds {seconds} is out of range; {JobTimeout.Rule}", rejected.Reason);
    }

    [Fact]
    public void EnqueueJobs_NamesTheJob_WhenOneOfABatchHasABadTimeout()
    {
        var rejected = Expect.Rejected(Given.NoEvents().Decide(Given.Enqueue(
            new JobSubmission("a", "true"), new JobSubmission("b", "true", TimeoutSeconds: -1)), T0), RejectionKind.InvalidInput);

        Assert.StartsWith("job 'b': timeout_seconds -1 is out of range", rejected.Reason);
    }

    /// <summary>The configured default is taken at enqueue, as max-retries is: the job shows what applies to it.</summary>
    [Fact]
    public void EnqueueJobs_TakesTheConfiguredTimeout_WhenTheJobHasNone()
    {
        var state = Given.NoEvents().Run(new SetConfig("job-timeout-seconds", "60"), T0)
            .Run(Given.Enqueue(new JobSubmission("plain", "true"), new JobSubmission("own", "true", TimeoutSeconds: 5)), At(1));

        Assert.Equal((60, 5), (state.Find("plain")!.TimeoutSeconds, state.Find("own")!.TimeoutSeconds));
    }

    [Fact]
    public void SetConfig_AppliesTheTimeoutOnlyToJobsEnqueuedAfter_WhenChanged()
    {
        var state = Given.NoEvents()
            .Run(Given.Enqueue(new JobSubmission("before", "true")), T0)
            .Run(new SetConfig("job-timeout-seconds", "60"), At(1))
            .Run(Given.Enqueue(new JobSubmission("during", "true")), At(2))
            .Run(new SetConfig("job-timeout-seconds", "0"), At(3))
            .Run(Given.Enqueue(new JobSubmission("after", "true")), At(4));

        Assert.Equal([null, 60, null], new[] { "before", "during", "after" }.Select(id => state.Find(id)!.TimeoutSeconds));
    }

    [Fact]
    public void RecordRunOutcome_FailsWithARetry_WhenATimedOutAttemptHasRetriesLeft()
    {
        var running = Given.Events(new JobsEnqueued([new NewJob("a", "sleep 100", 1, TimeoutSeconds: 2)], T0), Given.Workers(1),
            new JobStarted("a", 1, T0));

        var decision = running.Decide(new RecordRunOutcome("a", 1, new RunOutcome.TimedOut(TimeSpan.FromSeconds(2))), At(2));

        Expect.Events(decision, new JobFailed("a", null, "timed out after 2 s", At(4), At(2)));
        var job = running.ApplyAll(decision.Events).Find("a")!;
        Assert.Equal((JobState.Failed, "timed out after 2 s", (int?)null), (job.State, job.LastError, job.ExitCode));
    }

    [Fact]
    public void RecordRunOutcome_MovesTheJobToTheDlq_WhenTheLastAllowedAttemptTimesOut()
    {
        var running = Given.Events(new JobsEnqueued([new NewJob("a", "sleep 100", 0, TimeoutSeconds: 2)], T0), Given.Workers(1),
            new JobStarted("a", 1, T0));

        var decision = running.Decide(new RecordRunOutcome("a", 1, new RunOutcome.TimedOut(TimeSpan.FromSeconds(2))), At(2));

        Expect.Events(decision, new JobDied("a", null, "timed out after 2 s; gave up after 0 retries", At(2)));
        Assert.Equal(JobState.Dead, running.ApplyAll(decision.Events).Find("a")!.State);
    }

    [Fact]
    public void JobTimeout_KeepsTheTimeoutAcrossRetries_WhenAFailedJobRunsAgain()
    {
        var state = Given.Events(new JobsEnqueued([new NewJob("a", "sleep 100", 2, TimeoutSeconds: 2)], T0), Given.Workers(1),
                new JobStarted("a", 1, T0))
            .Run(new RecordRunOutcome("a", 1, new RunOutcome.TimedOut(TimeSpan.FromSeconds(2))), At(2))
            .Run(ReleaseDueJobs.Instance, At(4))
            .Run(StartNextJobs.Instance, At(4));

        var job = state.Find("a")!;
        Assert.Equal((JobState.Processing, 2, (int?)2), (job.State, job.Attempts, job.TimeoutSeconds));
    }
}
