using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;
using QueueCtl.Tests.Actors.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.Actors;

/// <summary>
/// A host restart, as the style guide tests it: the manager is stopped (its workers kill their process trees) and a new
/// one is created with the same persistence id on the same in-memory journal.
/// </summary>
public sealed class QueueManagerRecoveryTests(ITestOutputHelper output) : QueueTestKit(output)
{
    [Fact]
    public async Task QueueManager_RecoversJobsConfigAndWorkerCount_WhenRecreatedWithTheSamePersistenceId()
    {
        var first = NewManager();
        await AskAsync<ConfigView>(first, new SetConfig("max_retries", "5"));
        await AskAsync<ConfigView>(first, new SetConfig("backoff-max-seconds", "60"));
        await EnqueueAsync(first, "done", "echo done");
        await EnqueueAsync(first, "dead", "exit 4", maxRetries: 0);
        await StartWorkersAsync(first, 2);
        await WaitForAsync(first, "done", "dead");
        await EnqueueAsync(first, "later", "sleep 30");
        await AskAsync<WorkersView>(first, new StartWorkers(3));
        await AwaitJobAsync(first, "later", j => j.State == JobState.Processing);
        await AskAsync<WorkersView>(first, new StopWorkers(Wait: false));
        var configBefore = await AskAsync<ConfigView>(first, GetConfig.Instance);
        var finishedBefore = (await ListAllAsync(first)).Where(j => j.State.IsFinished()).Select(Snapshot).ToList();
        StopManager(first);

        var second = NewManager();

        Assert.Equal(configBefore.Values, (await AskAsync<ConfigView>(second, GetConfig.Instance)).Values);
        Assert.Equal("5", configBefore.Values["max-retries"]);
        var jobs = await ListAllAsync(second);
        Assert.Equal(finishedBefore, jobs.Where(j => j.State.IsFinished()).Select(Snapshot));
        Assert.Equal(5, jobs.Single(j => j.Id == "later").MaxRetries); // enqueued after config set
        var status = await AskAsync<StatusView>(second, GetStatus.Instance);
        Assert.Equal(0, status.WorkersConfigured); // the last worker command was stop
        Assert.Equal(3, status.Total);
    }

    [Fact]
    public async Task QueueManager_RemembersTheWorkerCount_WhenRecreated()
    {
        var first = NewManager();
        await StartWorkersAsync(first, 4);
        StopManager(first);

        var second = NewManager();

        Assert.Equal(4, (await AskAsync<StatusView>(second, GetStatus.Instance)).WorkersConfigured);
    }

    [Fact]
    public async Task QueueManager_RecordsTheRunningJobAsInterruptedAndRunsItAgain_WhenRecreatedWhileItRan()
    {
        var runs = DataFile("runs");
        var secondRun = DataFile("second-run");
        var first = NewManager();
        await EnqueueAsync(first, "long", $"echo run >> '{runs}'; test -f '{secondRun}' || {{ touch '{secondRun}'; sleep 30; }}", maxRetries: 0);
        await StartWorkersAsync(first, 1);
        AwaitFile(secondRun);
        StopManager(first);

        var second = NewManager();
        var job = (await WaitForAsync(second, "long")).Single();

        Assert.Equal(JobState.Completed, job.State); // max_retries 0: the interruption spent no retry
        Assert.Equal(1, job.Interruptions);
        Assert.Equal(2, job.Attempts);
        Assert.Contains(job.History, t => t is { State: JobState.Pending, Reason: "interrupted: the host stopped while the job was running" });
        Assert.Equal(["run", "run"], await File.ReadAllLinesAsync(runs));
    }

    [Fact]
    public async Task QueueManager_MovesTheJobToDeadWithTheReason_WhenItIsInterruptedAFourthTime()
    {
        var manager = NewManager();
        await EnqueueAsync(manager, "host-killer", "sleep 30");
        await StartWorkersAsync(manager, 1);
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await AwaitJobAsync(manager, "host-killer", j => j is { State: JobState.Processing } && j.Attempts == attempt);
            StopManager(manager);
            manager = NewManager();
        }

        var job = await AwaitJobAsync(manager, "host-killer", j => j.State == JobState.Dead, Short);

        Assert.Equal(4, job.Interruptions);
        Assert.StartsWith("interrupted 4 times (last: the host stopped while the job was running)", job.LastError);
        Assert.Equal(4, job.History.Count(t => t.Reason.StartsWith("interrupted: ", StringComparison.Ordinal)));
        Assert.Equal(JobState.Dead, (await WaitForAsync(manager, "host-killer")).Single().State);
    }

    [Fact]
    public async Task QueueManager_RearmsTheRetryTimer_WhenRecreatedWhileAJobWaitsToRetry()
    {
        var flag = DataFile("failed-once");
        var first = NewManager();
        await AskAsync<ConfigView>(first, new SetConfig("backoff-base", "2")); // the retry is due 2 s after the failure
        await EnqueueAsync(first, "flaky", $"test -f '{flag}' || {{ touch '{flag}'; exit 3; }}", maxRetries: 2);
        await StartWorkersAsync(first, 1);
        var failed = await AwaitJobAsync(first, "flaky", j => j.State == JobState.Failed);
        StopManager(first);

        var second = NewManager();
        var recovered = await GetJobAsync(second, "flaky");
        Assert.Equal((JobState.Failed, failed.NextAttemptAt), (recovered.State, recovered.NextAttemptAt));
        var job = (await WaitForAsync(second, "flaky")).Single();

        Assert.Equal((JobState.Completed, 2), (job.State, job.Attempts));
        var retryDue = Assert.Single(job.History, t => t.Reason == "retry due");
        Assert.True(retryDue.At >= failed.NextAttemptAt, $"retried at {retryDue.At:O}, due at {failed.NextAttemptAt:O}");
    }
}
