using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;
using QueueCtl.Tests.Actors.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.Actors;

/// <summary>
/// Scheduled jobs (<c>queuectl enqueue --run-at / --delay</c>) through the manager's one due timer, on the Akka scheduler
/// with short times: not started before run_at, started soon after, still so after a restart.
/// </summary>
public sealed class QueueManagerScheduleTests(ITestOutputHelper output) : QueueTestKit(output)
{
    /// <summary>How late a start may be after its run_at on a loaded 2-core machine: the timer, a journal write, a spawn.</summary>
    private static readonly TimeSpan Late = TimeSpan.FromSeconds(3);

    private static async Task<Job> ScheduleAsync(Akka.Actor.IActorRef manager, string id, string command, DateTimeOffset runAt, int priority = 0) =>
        (await AskAsync<JobsAccepted>(manager, new EnqueueJobs([new JobSubmission(id, command, Priority: priority, RunAt: runAt)]))).Jobs.Single();

    private static void AssertStartedOnTime(Job job, DateTimeOffset runAt)
    {
        Assert.Equal(JobState.Completed, job.State);
        Assert.True(job.StartedAt >= runAt, $"started at {job.StartedAt:O}, before its run_at {runAt:O}");
        Assert.True(job.StartedAt - runAt < Late, $"started at {job.StartedAt:O}, {job.StartedAt - runAt} after its run_at {runAt:O}");
    }

    [Fact]
    public async Task QueueManager_StartsAScheduledJobOnlyOnceItsRunAtHasCome_WhenAWorkerIsIdle()
    {
        var manager = NewManager();
        await StartWorkersAsync(manager, 1);
        var ran = DataFile("ran");
        var runAt = DateTimeOffset.UtcNow.AddSeconds(2);

        var accepted = await ScheduleAsync(manager, "later", $"touch '{ran}'", runAt);

        Assert.True(accepted.WaitsForRunAt);
        Assert.Equal(runAt, accepted.RunAt);
        await AssertStaysAsync(async () =>
        {
            if (DateTimeOffset.UtcNow < runAt - TimeSpan.FromMilliseconds(100))
            {
                Assert.Equal(JobState.Pending, (await GetJobAsync(manager, "later")).State);
                Assert.False(File.Exists(ran), "the job ran before its run_at");
            }
        }, TimeSpan.FromSeconds(1.5));
        var job = (await WaitForAsync(manager, "later")).Single();

        AssertStartedOnTime(job, runAt);
        Assert.Equal(["pending", "pending", "processing", "completed"], job.History.Select(t => t.State.ToWire()));
        Assert.Equal("run_at reached", job.History[1].Reason);
    }

    /// <summary>The one timer is armed for a later job first; an earlier one enqueued after must move it, not wait behind it.</summary>
    [Fact]
    public async Task QueueManager_RearmsItsTimerEarlier_WhenAJobDueSoonerIsEnqueuedAfterOneDueLater()
    {
        var manager = NewManager();
        await StartWorkersAsync(manager, 1);
        var later = DateTimeOffset.UtcNow.AddSeconds(40);
        await ScheduleAsync(manager, "later", "true", later);
        var sooner = DateTimeOffset.UtcNow.AddSeconds(1);
        await ScheduleAsync(manager, "sooner", "true", sooner);

        AssertStartedOnTime((await WaitForAsync(manager, "sooner")).Single(), sooner);

        var waiting = await GetJobAsync(manager, "later");
        Assert.True(waiting.WaitsForRunAt);
        var status = await AskAsync<StatusView>(manager, GetStatus.Instance);
        Assert.Equal((1, (DateTimeOffset?)later), (status.Scheduled, status.NextRunAt));
    }

    [Fact]
    public async Task QueueManager_ReleasesEveryJobDueAtTheSameTimeInOneEventAndRunsThemByPriority_WhenTheTimerFires()
    {
        var manager = NewManager();
        await StartWorkersAsync(manager, 1);
        var order = DataFile("order");
        var runAt = DateTimeOffset.UtcNow.AddSeconds(1);
        await AskAsync<JobsAccepted>(manager, new EnqueueJobs(
        [
            .. Enumerable.Range(1, 3).Select(i => new JobSubmission($"same-{i}", $"echo same-{i} >> '{order}'", RunAt: runAt)),
            new JobSubmission("urgent", $"echo urgent >> '{order}'", Priority: 3, RunAt: runAt),
        ]));

        await WaitForAsync(manager, "same-1", "same-2", "same-3", "urgent");

        Assert.Equal(["urgent", "same-1", "same-2", "same-3"], await File.ReadAllLinesAsync(order));
        var released = (await AskAsync<JournalReader.Contents>(Sys.ActorOf(JournalReader.Props("queuectl")), JournalReader.Read.Instance))
            .Events.OfType<ScheduledJobsDue>().ToList();
        Assert.Equal(["same-1", "same-2", "same-3", "urgent"], Assert.Single(released).JobIds.Order());
    }

    [Fact]
    public async Task QueueManager_RunsAJobAtOnce_WhenItsRunAtIsInThePast()
    {
        var manager = NewManager();
        await StartWorkersAsync(manager, 1);
        var past = DateTimeOffset.UtcNow.AddHours(-1);

        await ScheduleAsync(manager, "overdue", "true", past);
        var job = (await WaitForAsync(manager, "overdue")).Single();

        Assert.Equal(JobState.Completed, job.State);
        Assert.Equal(past, job.RunAt);
        Assert.True(job.StartedAt - job.CreatedAt < Late, $"started {job.StartedAt - job.CreatedAt} after it was enqueued");
    }

    /// <summary>The run_at is in the stored enqueue event; the recovered manager arms its timer for it.</summary>
    [Fact]
    public async Task QueueManager_StartsTheScheduledJobOnTime_WhenRecreatedBeforeItsRunAt()
    {
        var first = NewManager();
        await StartWorkersAsync(first, 1);
        var runAt = DateTimeOffset.UtcNow.AddSeconds(3);
        await ScheduleAsync(first, "survivor", "true", runAt);
        StopManager(first);
        Assert.True(DateTimeOffset.UtcNow < runAt, "the restart took longer than the test's schedule; make run_at later");

        var second = NewManager();

        Assert.True((await GetJobAsync(second, "survivor")).WaitsForRunAt);
        AssertStartedOnTime((await WaitForAsync(second, "survivor")).Single(), runAt);
    }

    [Fact]
    public async Task QueueManager_StartsTheScheduledJobAtOnce_WhenRecreatedAfterItsRunAtPassed()
    {
        var first = NewManager();
        var runAt = DateTimeOffset.UtcNow.AddSeconds(0.5);
        await ScheduleAsync(first, "missed", "true", runAt);
        StopManager(first);
        await Task.Delay(TimeSpan.FromSeconds(1)); // the host is down when the job comes due

        var second = NewManager();
        await StartWorkersAsync(second, 1);
        var job = (await WaitForAsync(second, "missed")).Single();

        Assert.Equal(JobState.Completed, job.State);
        Assert.Contains(job.History, t => t.Reason == "run_at reached");
    }

    /// <summary>Retries and scheduled jobs share the timer: a retry due before a scheduled job is not held back by it.</summary>
    [Fact]
    public async Task QueueManager_RetriesOnTime_WhileAScheduledJobWaitsForALaterRunAt()
    {
        var manager = NewManager();
        await ScheduleAsync(manager, "much-later", "true", DateTimeOffset.UtcNow.AddMinutes(10));
        await EnqueueAsync(manager, "flaky", "exit 3", maxRetries: 1);
        await StartWorkersAsync(manager, 1);

        var flaky = (await WaitForAsync(manager, "flaky")).Single();

        Assert.Equal((JobState.Dead, 2), (flaky.State, flaky.Attempts));
        Assert.True((await GetJobAsync(manager, "much-later")).WaitsForRunAt);
    }
}
