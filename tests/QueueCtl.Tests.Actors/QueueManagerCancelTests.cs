using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;
using QueueCtl.Tests.Actors.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.Actors;

/// <summary>
/// <c>queuectl cancel</c> and <c>depends_on</c> through the manager, its workers and real processes: a canceled running
/// job's process group is killed (SIGTERM first, so a job that traps it can clean up), and the job ends dead "canceled";
/// a dependant starts only after its dependency completed, and follows it into the DLQ.
/// </summary>
public sealed class QueueManagerCancelTests(ITestOutputHelper output) : QueueTestKit(output, "queuectl.kill-grace = 10s")
{
    [Fact]
    public async Task CancelJobs_KillsTheRunningJobsProcessGroupWithSigterm_AndTheJobEndsDead()
    {
        var manager = NewManager();
        var pidFile = DataFile("child.pid");
        var trapped = DataFile("trapped");
        // The shell traps SIGTERM and writes a file: proof that SIGTERM came first, well before the 10 s kill grace.
        await EnqueueAsync(manager, "long", $"trap 'touch {trapped}; exit 143' TERM; sleep 30 & echo $! > {pidFile}; wait", maxRetries: 3);
        await StartWorkersAsync(manager, 1);
        AwaitFile(pidFile);
        var child = OsProcess.ReadPid(pidFile)!.Value;

        var reply = await AskAsync<JobsCanceled>(manager, new CancelJobs(["long"]));
        var job = (await WaitForAsync(manager, "long")).Single();

        Assert.Equal(new[] { "long" }, reply.Killing);
        Assert.Equal((JobState.Dead, "canceled", 1), (job.State, job.LastError, job.Attempts));
        Assert.True(File.Exists(trapped), "the job's shell did not get SIGTERM");
        AwaitCondition(() => !OsProcess.IsAlive(child), Short);
        Assert.True(job.FinishedAt - job.StartedAt < TimeSpan.FromSeconds(8), "the job ran until the SIGKILL grace instead of ending on SIGTERM");
    }

    [Fact]
    public async Task CancelJobs_EndsAPendingJobDead_AndDlqRetryBringsItBack()
    {
        var manager = NewManager();
        await EnqueueAsync(manager, "waiting", "true");

        var reply = await AskAsync<JobsCanceled>(manager, new CancelJobs(["waiting"]));
        Assert.Equal(new[] { "waiting" }, reply.Canceled);
        Assert.Equal((JobState.Dead, "canceled"), ((await GetJobAsync(manager, "waiting")).State, (await GetJobAsync(manager, "waiting")).LastError));

        await AskAsync<DeadJobsRetried>(manager, new RetryDeadJob("waiting"));
        await StartWorkersAsync(manager, 1);
        Assert.Equal(JobState.Completed, (await WaitForAsync(manager, "waiting")).Single().State);
    }

    [Fact]
    public async Task DependsOn_StartsTheDependantOnlyAfterItsDependencyCompleted_AcrossARestart()
    {
        var first = NewManager();
        await AskAsync<JobsAccepted>(first, new EnqueueJobs([
            new JobSubmission("second", $"test -f {DataFile("first-done")}", 0, DependsOn: ["first"]),
            new JobSubmission("first", $"sleep 0.3; touch {DataFile("first-done")}", 0),
        ]));
        StopManager(first);

        var second = NewManager();
        await StartWorkersAsync(second, 2);
        var jobs = await WaitForAsync(second, "first", "second");

        Assert.All(jobs, j => Assert.Equal(JobState.Completed, j.State));
        Assert.True(jobs[1].StartedAt >= jobs[0].FinishedAt);
    }
}
