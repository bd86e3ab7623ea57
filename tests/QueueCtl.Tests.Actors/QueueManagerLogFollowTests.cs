using Akka.Actor;
using Akka.TestKit;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;
using QueueCtl.Tests.Actors.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.Actors;

/// <summary>
/// <c>queuectl logs ID --follow</c> (<see cref="FollowJobLog"/>): the host pushes output to the follower as the job writes
/// it, one chunk per acknowledgement, and ends once the job is finished; and <c>logs --attempt N</c> (<see cref="GetJobLog"/>).
/// </summary>
public sealed class QueueManagerLogFollowTests(ITestOutputHelper output) : QueueTestKit(output)
{
    [Fact]
    public async Task FollowJobLog_PushesEachLineWhileTheJobRunsThenEnds_WhenTheJobCompletes()
    {
        var manager = NewManager();
        await EnqueueAsync(manager, "talk", $"echo first; {WaitForGate("talk")}; echo second");
        await StartWorkersAsync(manager, 1);
        var follower = CreateTestProbe();

        manager.Tell(new FollowJobLog("talk", 0, 65536), follower.Ref);

        var first = follower.ExpectMsg<JobLogChunk>(Long);
        Assert.Equal("first\n", first.Text);
        Assert.Equal(JobState.Processing, (await GetJobAsync(manager, "talk")).State);
        follower.Reply(new JobLogChunkReceived(first.NextOffset));
        Open("talk");
        var second = follower.ExpectMsg<JobLogChunk>(Long);
        Assert.Equal(new JobLogChunk("talk", 6, 13, "second\n", EndOfLog: true), second);
        follower.Reply(new JobLogChunkReceived(second.NextOffset));
        Assert.Equal(new JobLogFollowEnded("talk", JobState.Completed, 13), follower.ExpectMsg<JobLogFollowEnded>(Long));
    }

    [Fact]
    public async Task FollowJobLog_SendsTheNextChunkOnlyOnceTheLastIsAcknowledged_WhenTheOutputIsLarge()
    {
        var manager = NewManager();
        await EnqueueAsync(manager, "long", "seq 1 2000");
        await StartWorkersAsync(manager, 1);
        await WaitForAsync(manager, "long");
        var follower = CreateTestProbe();
        var text = "";

        manager.Tell(new FollowJobLog("long", 0, 1024), follower.Ref);
        var chunk = follower.ExpectMsg<JobLogChunk>(Long);
        var subscription = follower.LastSender;
        follower.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        while (true)
        {
            text += chunk.Text;
            subscription.Tell(new JobLogChunkReceived(chunk.NextOffset), follower.Ref);
            var next = follower.ExpectMsg<object>(Long);
            if (next is JobLogFollowEnded ended)
            {
                Assert.Equal(JobState.Completed, ended.State);
                break;
            }
            chunk = Assert.IsType<JobLogChunk>(next);
            Assert.InRange(chunk.Text.Length, 1, 1024);
        }

        Assert.Equal(await File.ReadAllTextAsync(LogOf("long")), text);
    }

    [Fact]
    public async Task FollowJobLog_EndsWithStateDead_WhenTheJobDies()
    {
        var manager = NewManager();
        await EnqueueAsync(manager, "doomed", "echo bye; exit 3", maxRetries: 0);
        await StartWorkersAsync(manager, 1);
        var follower = CreateTestProbe();

        manager.Tell(new FollowJobLog("doomed", 0, 65536), follower.Ref);

        var chunk = follower.ExpectMsg<JobLogChunk>(Long);
        Assert.Equal("bye\n", chunk.Text);
        follower.Reply(new JobLogChunkReceived(chunk.NextOffset));
        Assert.Equal(JobState.Dead, follower.ExpectMsg<JobLogFollowEnded>(Long).State);
    }

    [Fact]
    public async Task FollowJobLog_EndsAtOnce_WhenTheFinishedJobWroteNothing()
    {
        var manager = NewManager();
        await EnqueueAsync(manager, "quiet", "true");
        await StartWorkersAsync(manager, 1);
        await WaitForAsync(manager, "quiet");
        var follower = CreateTestProbe();

        manager.Tell(new FollowJobLog("quiet", 0, 65536), follower.Ref);

        Assert.Equal(new JobLogFollowEnded("quiet", JobState.Completed, 0), follower.ExpectMsg<JobLogFollowEnded>(Long));
    }

    [Fact]
    public void FollowJobLog_IsRejectedAsNotFound_WhenTheJobIsUnknown()
    {
        var manager = NewManager();
        var follower = CreateTestProbe();

        manager.Tell(new FollowJobLog("ghost", 0, 65536), follower.Ref);

        Assert.Equal(RejectionKind.NotFound, follower.ExpectMsg<CommandRejected>(Long).Kind);
    }

    [Fact]
    public async Task FollowJobLog_DropsTheSubscription_WhenTheFollowerStops()
    {
        var manager = NewManager();
        await EnqueueAsync(manager, "forever", WaitForGate("forever"));
        var follower = CreateTestProbe();
        manager.Tell(new FollowJobLog("forever", 0, 65536), follower.Ref);
        var subscription = await AwaitSubscriptionAsync(manager);
        Watch(subscription);

        Sys.Stop(follower.Ref);

        ExpectTerminated(subscription, Long);
    }

    [Fact]
    public async Task FollowJobLog_TellsTheFollowerWhy_WhenTheManagerStops()
    {
        var manager = NewManager();
        await EnqueueAsync(manager, "forever", WaitForGate("forever"));
        var follower = CreateTestProbe();
        manager.Tell(new FollowJobLog("forever", 0, 65536), follower.Ref);
        await AwaitSubscriptionAsync(manager);

        StopManager(manager);

        var rejected = follower.FishForMessage<CommandRejected>(_ => true, Long);
        Assert.Equal(RejectionKind.Unavailable, rejected.Kind);
        Assert.Contains("the host stopped following the output of job 'forever'", rejected.Reason);
    }

    [Fact]
    public async Task GetJobLog_ReturnsOnlyThatRunsOutput_WhenAnAttemptIsAsked()
    {
        var manager = NewManager();
        var marker = DataFile("ran-once");
        await EnqueueAsync(manager, "flaky",
            $"if [ -f '{marker}' ]; then echo second run; else touch '{marker}'; echo first run; exit 1; fi", maxRetries: 2);
        await StartWorkersAsync(manager, 1);
        Assert.Equal(JobState.Completed, (await WaitForAsync(manager, "flaky")).Single().State);

        var first = await AskAsync<JobLogChunk>(manager, new GetJobLog("flaky", 0, 65536, Attempt: 1));
        var second = await AskAsync<JobLogChunk>(manager, new GetJobLog("flaky", 0, 65536, Attempt: 2));
        var third = await AskAsync<CommandRejected>(manager, new GetJobLog("flaky", 0, 65536, Attempt: 3));
        var zero = await AskAsync<CommandRejected>(manager, new GetJobLog("flaky", 0, 65536, Attempt: 0));

        Assert.Equal(new JobLogChunk("flaky", 0, 10, "first run\n", EndOfLog: true), first);
        Assert.Equal(new JobLogChunk("flaky", 0, 11, "second run\n", EndOfLog: true), second);
        Assert.Equal(RejectionKind.InvalidInput, third.Kind);
        Assert.Contains("job 'flaky' has run 2 times, so there is no attempt 3", third.Reason);
        Assert.Equal(RejectionKind.InvalidInput, zero.Kind);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(DataDir, "logs", "flaky.runs")));
        }
    }

    [Fact]
    public async Task GetJobLog_RefusesEveryAttempt_WhenTheJobHasNotRun()
    {
        var manager = NewManager();
        await EnqueueAsync(manager, "later", "echo hi");

        var rejected = await AskAsync<CommandRejected>(manager, new GetJobLog("later", 0, 65536, Attempt: 1));

        Assert.Equal(RejectionKind.InvalidInput, rejected.Kind);
        Assert.Contains("job 'later' has not run yet", rejected.Reason);
    }

    /// <summary>The manager's one child: the follower's subscription, made when the request arrives.</summary>
    private async Task<IActorRef> AwaitSubscriptionAsync(IActorRef manager)
    {
        IActorRef? child = null;
        await AwaitAssertAsync(async () =>
            child = await Sys.ActorSelection(manager.Path / "*").ResolveOne(Short), Long);
        return child!;
    }
}
