using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;
using QueueCtl.Tests.Actors.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.Actors;

/// <summary>
/// <c>queuectl enqueue --timeout 1s</c> and <c>config set job-timeout-seconds</c> through the manager, its workers and real
/// processes: a timed-out attempt is a failure with the retry rules. Backoff base 1: each retry waits 1 s.
/// </summary>
public sealed class QueueManagerTimeoutTests(ITestOutputHelper output) : QueueTestKit(output)
{
    private static async Task<Job> EnqueueWithTimeoutAsync(Akka.Actor.IActorRef manager, string id, string command, int maxRetries, int timeoutSeconds) =>
        (await AskAsync<JobsAccepted>(manager,
            new EnqueueJobs([new JobSubmission(id, command, maxRetries, TimeoutSeconds: timeoutSeconds)]))).Jobs.Single();

    [Fact]
    public async Task QueueManager_RetriesThenMovesToDead_WhenEveryAttemptTimesOut()
    {
        var manager = NewManager();
        await EnqueueWithTimeoutAsync(manager, "slow", "sleep 30", maxRetries: 1, timeoutSeconds: 1);
        await StartWorkersAsync(manager, 1);

        var job = (await WaitForAsync(manager, "slow")).Single();

        Assert.Equal((JobState.Dead, 2, (int?)null), (job.State, job.Attempts, job.ExitCode));
        Assert.Equal("timed out after 1 s; gave up after 1 retry", job.LastError);
        var failure = Assert.Single(job.History, t => t.State == JobState.Failed);
        Assert.StartsWith("timed out after 1 s; retry at ", failure.Reason);
        var started = job.History.Where(t => t.State == JobState.Processing).Select(t => t.At).ToList();
        // The timer counts from when the worker is handed the run, just after JobStarted; timers and clocks differ by a few ms.
        Assert.True(job.FinishedAt - started[^1] >= TimeSpan.FromSeconds(0.95), $"the second attempt ended {job.FinishedAt - started[^1]} after it started");
    }

    [Fact]
    public async Task QueueManager_TimesOutAJobEnqueuedWithoutOne_WhenJobTimeoutSecondsIsConfigured()
    {
        var manager = NewManager();
        await AskAsync<ConfigView>(manager, new SetConfig("job-timeout-seconds", "1"));
        var enqueued = await EnqueueAsync(manager, "plain", "sleep 30", maxRetries: 0);
        await StartWorkersAsync(manager, 1);

        var job = (await WaitForAsync(manager, "plain")).Single();

        Assert.Equal(1, enqueued.TimeoutSeconds);
        Assert.Equal((JobState.Dead, "timed out after 1 s; gave up after 0 retries"), (job.State, job.LastError));
    }

    [Fact]
    public async Task QueueManager_CompletesTheJob_WhenItEndsWithinItsTimeout()
    {
        var manager = NewManager();
        await EnqueueWithTimeoutAsync(manager, "quick", "sleep 0.2", maxRetries: 0, timeoutSeconds: 30);
        await StartWorkersAsync(manager, 1);

        Assert.Equal(JobState.Completed, (await WaitForAsync(manager, "quick")).Single().State);
    }

    /// <summary>The timeout is in the stored enqueue event: the recreated manager's run of the job is timed too.</summary>
    [Fact]
    public async Task QueueManager_TimesOutTheJob_WhenRecreatedBeforeItRan()
    {
        var first = NewManager();
        await EnqueueWithTimeoutAsync(first, "survivor", "sleep 30", maxRetries: 0, timeoutSeconds: 1);
        StopManager(first);

        var second = NewManager();
        Assert.Equal(1, (await GetJobAsync(second, "survivor")).TimeoutSeconds);
        await StartWorkersAsync(second, 1);

        Assert.Equal("timed out after 1 s; gave up after 0 retries", (await WaitForAsync(second, "survivor")).Single().LastError);
    }
}
