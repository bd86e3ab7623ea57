using Akka.Actor;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;
using QueueCtl.Tests.Actors.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.Actors;

/// <summary><c>queuectl worker start --count N</c> (start and resize) and <c>worker stop [--wait]</c>.</summary>
public sealed class QueueManagerWorkerPoolTests(ITestOutputHelper output) : QueueTestKit(output)
{
    [Fact]
    public async Task StopWorkers_RepliesOnlyAfterRunningJobsFinishedAndTakesNoNewJob_WhenAskedToWait()
    {
        var manager = NewManager();
        await EnqueueAsync(manager, "running", $"touch '{DataFile("started")}'; {WaitForGate("running")}; touch '{DataFile("finished")}'");
        await EnqueueAsync(manager, "queued", "true");
        await StartWorkersAsync(manager, 1);
        AwaitFile(DataFile("started"));

        manager.Tell(new StopWorkers(Wait: true), TestActor);
        // Mailbox order: once the status shows no workers, the stop has been handled, while the job still runs.
        Assert.Equal((0, 1), await StatusWorkersAsync(manager));
        Assert.False(HasMessages, "worker stop --wait replied while a job was running");
        Open("running");
        var stopped = ExpectMsg<WorkersView>(Long);

        Assert.Equal(new WorkersView(0, 0), stopped);
        Assert.True(File.Exists(DataFile("finished")), "the reply came before the running job finished");
        Assert.Equal(JobState.Completed, (await GetJobAsync(manager, "running")).State);
        var queued = await GetJobAsync(manager, "queued");
        Assert.Equal((JobState.Pending, 0), (queued.State, queued.Attempts));
    }

    [Fact]
    public async Task StopWorkers_RepliesAtOnceWithoutKillingTheRunningJob_WhenNotAskedToWait()
    {
        var manager = NewManager();
        await EnqueueAsync(manager, "running", $"touch '{DataFile("started")}'; sleep 1");
        await StartWorkersAsync(manager, 1);
        AwaitFile(DataFile("started"));

        var stopped = await AskAsync<WorkersView>(manager, new StopWorkers(Wait: false));

        Assert.Equal(new WorkersView(0, 1), stopped);
        Assert.Equal(JobState.Completed, (await WaitForAsync(manager, "running")).Single().State);
    }

    [Fact]
    public async Task StartWorkers_ResizesThePoolUpAndDownWithoutKillingRunningJobs_WhenSentAgain()
    {
        var manager = NewManager();
        var ids = Enumerable.Range(1, 5).Select(i => $"j{i}").ToArray();
        // Each job runs until the test creates its gate file.
        var command = WaitForGate("$QUEUECTL_JOB_ID");
        await AskAsync<JobsAccepted>(manager, new EnqueueJobs([.. ids.Select(id => new JobSubmission(id, command))]));

        await StartWorkersAsync(manager, 1);
        await AwaitRunningAsync(manager, "j1");

        Assert.Equal(new WorkersView(3, 1), await StartWorkersAsync(manager, 3));
        await AwaitRunningAsync(manager, "j1", "j2", "j3");

        Assert.Equal(new WorkersView(1, 3), await StartWorkersAsync(manager, 1));
        Open("j1");
        await AwaitJobAsync(manager, "j1", j => j.State == JobState.Completed);
        // j1's completion and the dispatch that follows it are decided in one step: two still run, so nothing starts.
        await AwaitRunningAsync(manager, "j2", "j3");

        Open("j2");
        Open("j3");
        await AwaitRunningAsync(manager, "j4");
        Assert.Equal(JobState.Pending, (await GetJobAsync(manager, "j5")).State);

        Open("j4");
        Open("j5");
        Assert.All(await WaitForAsync(manager, ids), j => Assert.Equal((JobState.Completed, 1), (j.State, j.Attempts)));
    }

    [Fact]
    public async Task StartWorkers_StopsIdleWorkersBeyondTheNewCount_AndGivesLaterJobsToTheOneLeft()
    {
        var manager = NewManager();
        await AskAsync<JobsAccepted>(manager, new EnqueueJobs([.. Enumerable.Range(1, 3).Select(i => new JobSubmission($"a{i}", "true"))]));
        await StartWorkersAsync(manager, 3);
        await WaitForAsync(manager, "a1", "a2", "a3");
        var workers = IdentifyWorkers(manager, expected: 3);
        workers.ForEach(worker => Watch(worker));

        await StartWorkersAsync(manager, 1);

        var stopped = new[] { ExpectMsg<Terminated>(Short).ActorRef, ExpectMsg<Terminated>(Short).ActorRef };
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        var left = Assert.Single(workers.Except(stopped));
        await AskAsync<JobsAccepted>(manager, new EnqueueJobs([new JobSubmission("b1", "true"), new JobSubmission("b2", "true")]));
        Assert.All(await WaitForAsync(manager, "b1", "b2"), j => Assert.Equal(JobState.Completed, j.State));
        Assert.Equal([left], IdentifyWorkers(manager, expected: 1)); // no new worker was started for them
    }

    /// <summary>The worker actors under the manager's router, as many as <paramref name="expected"/> and no more.</summary>
    private List<IActorRef> IdentifyWorkers(IActorRef manager, int expected)
    {
        Sys.ActorSelection(PoolOf(manager).Path / "*").Tell(new Identify(null), TestActor);
        var workers = ReceiveN(expected, Short).Cast<ActorIdentity>().Select(identity => identity.Subject!).ToList();
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        return workers;
    }

    [Fact]
    public async Task StartWorkers_IsRejected_WhenTheCountIsOutOfRange()
    {
        var manager = NewManager();

        Assert.Equal(RejectionKind.InvalidInput, (await AskAsync<CommandRejected>(manager, new StartWorkers(0))).Kind);
        Assert.Equal(RejectionKind.InvalidInput, (await AskAsync<CommandRejected>(manager, new StartWorkers(QueueState.MaxWorkers + 1))).Kind);
    }

    private static async Task<(int Configured, int Busy)> StatusWorkersAsync(IActorRef manager)
    {
        var status = await AskAsync<StatusView>(manager, GetStatus.Instance);
        return (status.WorkersConfigured, status.WorkersBusy);
    }

    /// <summary>Waits until exactly these jobs are processing (and the status agrees).</summary>
    private Task AwaitRunningAsync(IActorRef manager, params string[] ids) =>
        AwaitAssertAsync(async () =>
        {
            var running = await AskAsync<JobList>(manager, new ListJobs(JobState.Processing, 100));
            Assert.Equal(ids.Order(), running.Jobs.Select(j => j.Id).Order());
            Assert.Equal(ids.Length, (await AskAsync<StatusView>(manager, GetStatus.Instance)).WorkersBusy);
        }, Long, TimeSpan.FromMilliseconds(25));
}
