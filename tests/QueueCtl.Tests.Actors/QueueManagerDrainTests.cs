using Akka.Actor;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Manager;
using QueueCtl.Actors.Protocol;
using QueueCtl.Tests.Actors.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.Actors;

/// <summary>The graceful stop (Ctrl-C, SIGTERM, <c>queuectl host stop</c>): coordinated shutdown sends <see cref="DrainForShutdown"/>.</summary>
public sealed class QueueManagerDrainTests(ITestOutputHelper output) : QueueTestKit(output)
{
    [Fact]
    public async Task DrainForShutdown_LetsTheRunningJobFinishThenRepliesDrained_WhenItEndsWithinTheGrace()
    {
        var manager = NewManager();
        await EnqueueAsync(manager, "short", $"touch '{DataFile("started")}'; sleep 0.5");
        await StartWorkersAsync(manager, 1);
        AwaitFile(DataFile("started"));

        manager.Tell(new DrainForShutdown(TimeSpan.FromSeconds(10)));
        ExpectMsg<Drained>(Long);

        var job = await GetJobAsync(manager, "short");
        Assert.Equal((JobState.Completed, 0), (job.State, job.Interruptions));
        // A draining queue takes no new work.
        await EnqueueAsync(manager, "too-late", "true");
        Assert.Equal(JobState.Pending, (await GetJobAsync(manager, "too-late")).State);
    }

    [Fact]
    public async Task DrainForShutdown_RecordsTheJobInterruptedThenRepliesDrained_WhenTheGraceRunsOut()
    {
        var manager = NewManager();
        var pidFile = DataFile("child.pid");
        await EnqueueAsync(manager, "long", $"sleep 30 & echo $! > '{pidFile}'; wait");
        await StartWorkersAsync(manager, 1);
        AwaitCondition(() => OsProcess.ReadPid(pidFile) is not null, Long);

        manager.Tell(new DrainForShutdown(TimeSpan.FromMilliseconds(300)));
        ExpectMsg<Drained>(Short);

        var job = await GetJobAsync(manager, "long");
        Assert.Equal((JobState.Pending, 1), (job.State, job.Interruptions));
        Assert.Equal("interrupted: the host was stopped; the run was killed after the shutdown grace period", job.LastError);
        var child = OsProcess.ReadPid(pidFile)!.Value;
        AwaitCondition(() => !OsProcess.IsAlive(child), Short, TimeSpan.FromMilliseconds(20), "the job's child outlived the drain");
    }

    [Fact]
    public void DrainForShutdown_RepliesDrainedAtOnce_WhenNothingRuns()
    {
        var manager = NewManager();

        manager.Tell(new DrainForShutdown(TimeSpan.FromSeconds(10)));

        ExpectMsg<Drained>(Short);
    }
}
