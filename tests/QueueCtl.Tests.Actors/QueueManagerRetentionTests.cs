using Akka.Actor;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;
using QueueCtl.Tests.Actors.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.Actors;

/// <summary>
/// Retention in the running manager: finished jobs beyond <c>keep-completed-max</c> (here 0, so its batch of
/// <see cref="QueueState.KeptSlack"/> = 100) are forgotten with their logs as jobs finish; a watched job is kept; a
/// <c>keep-completed-for</c> set to 0s forgets at once; a restart recovers the queue without them.
/// </summary>
public sealed class QueueManagerRetentionTests(ITestOutputHelper output) : QueueTestKit(output, "queuectl.keep-completed-max = 0")
{
    private static readonly int Batch = QueueState.KeptSlack(0);

    private static Task<JobsAccepted> EnqueueManyAsync(IActorRef manager, string prefix, int count, string command = "true") =>
        AskAsync<JobsAccepted>(manager, new EnqueueJobs([.. Enumerable.Range(0, count).Select(i => new JobSubmission($"{prefix}{i}", command))]));

    private async Task AwaitIdleAsync(IActorRef manager) =>
        await AwaitAssertAsync(async () =>
        {
            var status = await AskAsync<StatusView>(manager, GetStatus.Instance);
            Assert.Equal((0, 0), (status.Counts["pending"], status.Counts["processing"]));
        }, Long);

    private string[] Logs() => [.. Directory.GetFiles(Path.Combine(DataDir, "logs"), "*.log").Select(Path.GetFileNameWithoutExtension).Order()!];

    [Fact]
    public async Task QueueManager_ForgetsTheOldestCompletedJobsAndTheirLogs_OnceTheyPassTheLimitByABatch()
    {
        var manager = NewManager();
        await EnqueueManyAsync(manager, "j", Batch + 20);
        await StartWorkersAsync(manager, 2);
        await AwaitIdleAsync(manager);

        var status = await AskAsync<StatusView>(manager, GetStatus.Instance);
        Assert.Equal((20, 20), (status.Counts["completed"], status.Total));
        var kept = (await ListAllAsync(manager)).Select(j => j.Id).Order().ToArray();
        Assert.Equal(20, kept.Length);
        await AwaitAssertAsync(() => Assert.Equal(kept, Logs()), Short);
        var forgotten = Enumerable.Range(0, Batch + 20).Select(i => $"j{i}").Except(kept).First();
        Assert.Equal(RejectionKind.NotFound, (await AskAsync<CommandRejected>(manager, new GetJob(forgotten))).Kind);

        StopManager(manager);
        var recovered = NewManager();
        Assert.Equal(kept, (await ListAllAsync(recovered)).Select(j => j.Id).Order());
        Assert.Equal(20, (await AskAsync<StatusView>(recovered, GetStatus.Instance)).Counts["completed"]);
    }

    [Fact]
    public async Task QueueManager_KeepsAJobAClientWaitsFor_WhileTheOthersAreForgotten()
    {
        var manager = NewManager();
        await EnqueueManyAsync(manager, "first", 1);
        await EnqueueAsync(manager, "gate", WaitForGate("gate"));
        var waiting = manager.Ask<object>(new WaitForJobs(["first0", "gate"]), Long);
        await EnqueueManyAsync(manager, "j", Batch + 20);
        await StartWorkersAsync(manager, 2);
        await AwaitAssertAsync(async () =>
            Assert.Equal(0, (await AskAsync<StatusView>(manager, GetStatus.Instance)).Counts["pending"]), Long);

        Assert.Equal(JobState.Completed, (await GetJobAsync(manager, "first0")).State);
        Open("gate");

        var finished = Assert.IsType<JobsFinished>(await waiting);
        Assert.Equal(["first0", "gate"], finished.Jobs.Select(j => j.Id));
        Assert.All(finished.Jobs, j => Assert.Equal(JobState.Completed, j.State));
    }

    [Fact]
    public async Task QueueManager_ForgetsEveryCompletedJob_WhenKeepCompletedForIsSetToZero()
    {
        var manager = NewManager();
        await EnqueueManyAsync(manager, "j", 5);
        await EnqueueAsync(manager, "dead", "exit 3", maxRetries: 0);
        await StartWorkersAsync(manager, 2);
        await WaitForAsync(manager, "j0", "j1", "j2", "j3", "j4", "dead");

        await AskAsync<ConfigView>(manager, new SetConfig("keep-completed-for", "0s"));

        await AwaitAssertAsync(async () =>
            Assert.Equal(["dead"], (await ListAllAsync(manager)).Select(j => j.Id)), Short);
        await AwaitAssertAsync(() => Assert.Equal(["dead"], Logs()), Short);
    }

    [Fact]
    public async Task QueueManager_CleansWhatItIsAsked_AndSaysHowMany()
    {
        var manager = NewManager();
        await EnqueueManyAsync(manager, "j", 3);
        await EnqueueAsync(manager, "dead", "exit 3", maxRetries: 0);
        await StartWorkersAsync(manager, 1);
        await WaitForAsync(manager, "j0", "j1", "j2", "dead");

        Assert.Equal(new JobsCleaned(1, 0), await AskAsync<JobsCleaned>(manager, new CleanJobs(JobState.Dead, null)));
        Assert.Equal(new JobsCleaned(0, 0), await AskAsync<JobsCleaned>(manager, new CleanJobs(null, 3600)));
        Assert.Equal(new JobsCleaned(3, 0), await AskAsync<JobsCleaned>(manager, new CleanJobs(null, null)));
        Assert.Empty(await ListAllAsync(manager));
        await AwaitAssertAsync(() => Assert.Empty(Logs()), Short);
    }

    [Fact]
    public async Task QueueManager_KeepsTheLogOfANewJob_WhenItReusesTheIdOfAJobJustForgotten()
    {
        var manager = NewManager();
        await StartWorkersAsync(manager, 1);

        for (var round = 0; round < 20; round++)
        {
            // Forgotten, then at once enqueued and run again under the same id: the old log's deletion, on the thread
            // pool, must come before the new run writes its log, not after.
            await EnqueueAsync(manager, "again", $"echo round {round}");
            await WaitForAsync(manager, "again");
            Assert.Equal($"round {round}\n", File.ReadAllText(LogOf("again")));
            Assert.Equal(new JobsCleaned(1, 0), await AskAsync<JobsCleaned>(manager, new CleanJobs(null, null)));
        }
    }
}
