using Akka.Actor;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Hosting;
using QueueCtl.Actors.Protocol;
using QueueCtl.Tests.Actors.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.Actors;

/// <summary>
/// The queue manager restarts (as its supervisor restarts it after a failed or refused write) while its workers, which
/// live in the pool beside it, go on: running jobs are not killed, their outcomes are credited, and nothing the host's
/// own fault caused counts against a job.
/// </summary>
public sealed class QueueManagerRestartTests(ITestOutputHelper output) : QueueTestKit(output, RejectingJournal.Hocon)
{
    [Fact]
    public async Task RestartedManager_KeepsTheRunningJobAndCreditsItsOutcome_WhenItsPoolOutlivedIt()
    {
        var manager = NewManager();
        var pool = PoolOf(manager);
        await EnqueueAsync(manager, "long", $"touch '{DataFile("started")}'; {WaitForGate("long")}; exit 0");
        await StartWorkersAsync(manager, 1);
        AwaitFile(DataFile("started"));

        StopAndAwait(manager); // the pool and its worker go on
        var restarted = NewManager(pool);

        var running = await GetJobAsync(restarted, "long");
        Assert.Equal((JobState.Processing, 1, 0, 0), (running.State, running.Attempts, running.Interruptions, running.HostInterruptions));
        Assert.Equal(1, (await AskAsync<StatusView>(restarted, GetStatus.Instance)).WorkersBusy);
        Open("long");
        var done = (await WaitForAsync(restarted, "long")).Single();
        Assert.Equal((JobState.Completed, 1, 0, 0), (done.State, done.Attempts, done.Interruptions, done.HostInterruptions));
    }

    [Fact]
    public async Task RestartedManager_CreditsARunThatEndedWhileNoManagerListened()
    {
        var manager = NewManager();
        var pool = PoolOf(manager);
        await EnqueueAsync(manager, "ends-alone", $"{WaitForGate("ends-alone")}; exit 4", maxRetries: 0);
        await StartWorkersAsync(manager, 1);
        await AwaitJobAsync(manager, "ends-alone", j => j.State == JobState.Processing);

        StopAndAwait(manager);
        Open("ends-alone");
        await Task.Delay(TimeSpan.FromMilliseconds(500)); // the worker reports to the stopped manager: the report is lost
        var restarted = NewManager(pool);

        var dead = (await WaitForAsync(restarted, "ends-alone")).Single();
        Assert.Equal((JobState.Dead, 1, 4, 0, 0), (dead.State, dead.Attempts, dead.ExitCode, dead.Interruptions, dead.HostInterruptions));
    }

    [Fact]
    public async Task Manager_InterruptsWithoutCountingAndRunsAgain_WhenTheWorkerHoldingTheJobStops()
    {
        var manager = NewManager();
        await EnqueueAsync(manager, "orphaned", $"if [ -e '{DataFile("ran-once")}' ]; then exit 0; fi; touch '{DataFile("ran-once")}'; sleep 30");
        await StartWorkersAsync(manager, 1);
        AwaitFile(DataFile("ran-once"));

        Sys.ActorSelection(PoolOf(manager).Path / "*").Tell(PoisonPill.Instance);

        var done = (await WaitForAsync(manager, "orphaned")).Single();
        Assert.Equal((JobState.Completed, 2, 0, 1), (done.State, done.Attempts, done.Interruptions, done.HostInterruptions));
        Assert.Contains(done.History, t => t.Reason == "interrupted: its worker stopped");
    }

    [Fact]
    public async Task Manager_AnswersUnavailableKeepsRunningJobsAndForgetsTheRefusedChange_WhenTheJournalRefusesAWrite()
    {
        var manager = AkkaHostingExtensions.StartQueue(Sys, new QueueCtlOptions { DataDirectory = DataDir }, Settings);
        await EnqueueAsync(manager, "survivor", $"touch '{DataFile("started")}'; {WaitForGate("survivor")}");
        await StartWorkersAsync(manager, 1);
        AwaitFile(DataFile("started"));

        var refused = await AskAsync<CommandRejected>(manager, new SetConfig("max-retries", RejectingJournal.RejectedValue));

        Assert.Equal(RejectionKind.Unavailable, refused.Kind);
        Assert.Contains("refused a change", refused.Reason);
        // Restarted from the journal after the backoff: the refused value is gone, the job still runs, once.
        await AwaitAssertAsync(async () =>
            Assert.Equal("3", Assert.IsType<ConfigView>(await manager.Ask<object>(GetConfig.Instance, Short)).Values["max-retries"]),
            Long, TimeSpan.FromMilliseconds(100));
        var running = await GetJobAsync(manager, "survivor");
        Assert.Equal((JobState.Processing, 1), (running.State, running.Attempts));
        Open("survivor");
        var done = (await WaitForAsync(manager, "survivor")).Single();
        Assert.Equal((JobState.Completed, 1, 0, 0), (done.State, done.Attempts, done.Interruptions, done.HostInterruptions));
        Assert.Equal("4", (await AskAsync<ConfigView>(manager, new SetConfig("max-retries", "4"))).Values["max-retries"]);
    }
}
