using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;
using QueueCtl.Tests.Actors.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.Actors;

/// <summary>Failed runs, scheduler retries and the DLQ (<c>queuectl dlq list</c>, <c>dlq retry</c>). Backoff base 1: each retry waits 1 s.</summary>
public sealed class QueueManagerRetryTests(ITestOutputHelper output) : QueueTestKit(output)
{
    [Fact]
    public async Task QueueManager_RetriesOnTheSchedulerThenMovesToDead_WhenTheJobKeepsFailing()
    {
        var manager = NewManager();
        await EnqueueAsync(manager, "fails", "exit 3", maxRetries: 2);
        await StartWorkersAsync(manager, 1);

        var job = (await WaitForAsync(manager, "fails")).Single();

        Assert.Equal(JobState.Dead, job.State);
        Assert.Equal(3, job.Attempts);
        Assert.Equal(3, job.ExitCode);
        Assert.Equal("exited with code 3; gave up after 2 retries", job.LastError);
        Assert.Null(job.NextAttemptAt);
        var failures = job.History.Where(t => t.State == JobState.Failed).ToList();
        var retries = job.History.Where(t => t.Reason == "retry due").ToList();
        Assert.Equal(2, failures.Count);
        Assert.Equal(2, retries.Count);
        for (var i = 0; i < 2; i++)
        {
            // The retry waited for the scheduler: backoff-base ^ n = 1 s.
            Assert.True(retries[i].At - failures[i].At >= TimeSpan.FromSeconds(1), $"retry {i + 1} came after {retries[i].At - failures[i].At}");
        }
        var dead = await AskAsync<JobList>(manager, new ListJobs(JobState.Dead, 10));
        Assert.Equal("fails", Assert.Single(dead.Jobs).Id);
    }

    [Fact]
    public async Task QueueManager_MarksJobDeadWithCommandNotFound_WhenTheCommandDoesNotExist()
    {
        var manager = NewManager();
        await EnqueueAsync(manager, "typo", "no-such-command-queuectl-test", maxRetries: 0);
        await StartWorkersAsync(manager, 1);

        var job = (await WaitForAsync(manager, "typo")).Single();

        Assert.Equal(JobState.Dead, job.State);
        Assert.Equal(127, job.ExitCode);
        Assert.Contains("command not found", job.LastError);
        Assert.Contains("not found", await File.ReadAllTextAsync(LogOf("typo"))); // the shell's own message
    }

    [Fact]
    public async Task RetryDeadJob_ResetsAttemptsAndTheJobRunsAgain_WhenTheJobIsDead()
    {
        var manager = NewManager();
        var flag = DataFile("failed-once");
        await EnqueueAsync(manager, "flaky", $"test -f '{flag}' || {{ touch '{flag}'; exit 3; }}", maxRetries: 0);
        await StartWorkersAsync(manager, 1);
        Assert.Equal(JobState.Dead, (await WaitForAsync(manager, "flaky")).Single().State);

        // Without workers the retried job stays visible as pending with its attempts reset.
        await AskAsync<WorkersView>(manager, new StopWorkers(Wait: false));
        var retried = await AskAsync<DeadJobsRetried>(manager, new RetryDeadJob("flaky"));
        Assert.Equal("flaky", Assert.Single(retried.JobIds));
        var pending = await GetJobAsync(manager, "flaky");
        Assert.Equal((JobState.Pending, 0), (pending.State, pending.Attempts));
        Assert.Equal("retried from the DLQ; attempts reset", pending.History[^1].Reason);

        await StartWorkersAsync(manager, 1);
        var job = (await WaitForAsync(manager, "flaky")).Single();
        Assert.Equal((JobState.Completed, 1), (job.State, job.Attempts));
    }

    [Fact]
    public async Task RetryDeadJob_IsRejected_WhenTheJobIsNotDeadOrUnknown()
    {
        var manager = NewManager();
        await EnqueueAsync(manager, "fine", "true");

        var wrongState = await AskAsync<CommandRejected>(manager, new RetryDeadJob("fine"));
        var unknown = await AskAsync<CommandRejected>(manager, new RetryDeadJob("nope"));

        Assert.Equal(RejectionKind.WrongState, wrongState.Kind);
        Assert.Equal(RejectionKind.NotFound, unknown.Kind);
    }

    [Fact]
    public async Task RetryAllDeadJobs_BringsBackEveryDeadJobInEnqueueOrder_WhenSeveralAreDead()
    {
        var manager = NewManager();
        await EnqueueAsync(manager, "dead1", "exit 1", maxRetries: 0);
        await EnqueueAsync(manager, "ok", "true");
        await EnqueueAsync(manager, "dead2", "exit 2", maxRetries: 0);
        await StartWorkersAsync(manager, 2);
        await WaitForAsync(manager, "dead1", "ok", "dead2");
        await AskAsync<WorkersView>(manager, new StopWorkers(Wait: true));

        var retried = await AskAsync<DeadJobsRetried>(manager, RetryAllDeadJobs.Instance);

        Assert.Equal(new[] { "dead1", "dead2" }, retried.JobIds.ToArray());
        Assert.All(await Task.WhenAll(GetJobAsync(manager, "dead1"), GetJobAsync(manager, "dead2")),
            j => Assert.Equal((JobState.Pending, 0), (j.State, j.Attempts)));
        Assert.Equal(JobState.Completed, (await GetJobAsync(manager, "ok")).State);
        Assert.Empty((await AskAsync<DeadJobsRetried>(manager, RetryAllDeadJobs.Instance)).JobIds);
    }
}
