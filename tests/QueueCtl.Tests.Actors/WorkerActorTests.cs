using Akka.Actor;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Hosting;
using QueueCtl.Actors.Manager;
using QueueCtl.Actors.Workers;
using QueueCtl.Tests.Actors.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.Actors;

/// <summary>
/// One worker, a child of the test actor: it runs a <see cref="RunJob"/> and reports the outcome to the job's sender
/// (the test actor here, but see the first test). Every case runs with each runner: <see cref="WorkerActorTests"/> (native)
/// and <see cref="PortableWorkerActorTests"/>.
/// </summary>
public abstract class WorkerActorCases(ITestOutputHelper output, string runner)
    : QueueTestKit(output, $"{QueueCtlSettings.RunnerKey} = {runner}")
{

    [Fact]
    public void Worker_TellsTheJobsSenderTheOutcomeAsItself_AndItsParentNothing_WhenTheRunEnds()
    {
        var parent = CreateTestProbe();
        var manager = CreateTestProbe();
        var worker = parent.ChildActorOf(WorkerActor.Props(DataDir, Settings.Runner));

        worker.Tell(Run("to-manager", "exit 3"), manager.Ref);

        Assert.Equal(new JobRunFinished("to-manager", 1, new RunOutcome.Exited(3)), manager.ExpectMsg<JobRunFinished>(Short));
        Assert.Equal(worker, manager.LastSender); // the manager gives its next job straight to the sender
        parent.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Worker_ReportsTheExitCodeWithJobAndAttempt_WhenTheRunEnds()
    {
        var worker = ChildActorOf(WorkerActor.Props(DataDir, Settings.Runner));

        worker.Tell(Run("j1", "exit 5", attempt: 2));

        Assert.Equal(new JobRunFinished("j1", 2, new RunOutcome.Exited(5)), ExpectMsg<JobRunFinished>(Short));
    }

    [Fact]
    public void Worker_PutsTheJobIdAndRunMarkerInTheJobEnvironment_WhenRunning()
    {
        var worker = ChildActorOf(WorkerActor.Props(DataDir, Settings.Runner));

        worker.Tell(Run("env-job", "echo \"$QUEUECTL_JOB_ID\"; echo \"$QUEUECTL_RUN\""));

        ExpectMsg<JobRunFinished>(Short);
        Assert.Equal($"env-job\n{DataDir}|env-job\n", File.ReadAllText(LogOf("env-job")));
    }

    [Fact]
    public void Worker_ReportsInterruptedWithTheReasonAndKillsBackgroundedChildren_WhenRunsAreInterrupted()
    {
        var worker = ChildActorOf(WorkerActor.Props(DataDir, Settings.Runner));
        var pidFile = DataFile("child.pid");
        worker.Tell(Run("tree", $"sleep 100 & echo $! > '{pidFile}'; wait"));
        var child = AwaitPid(pidFile);

        worker.Tell(new InterruptRuns("stopped by the test", Counted: true));

        Assert.Equal(new RunOutcome.Interrupted("stopped by the test"), ExpectMsg<JobRunFinished>(Short).Outcome);
        AwaitCondition(() => !OsProcess.IsAlive(child), Short, TimeSpan.FromMilliseconds(20), $"the backgrounded child {child} survived");
    }

    [Fact]
    public void Worker_ReportsTimedOut_WhenTheRunOutlastsItsTimeout()
    {
        var worker = ChildActorOf(WorkerActor.Props(DataDir, Settings.Runner));

        worker.Tell(Run("slow", "sleep 10", timeout: TimeSpan.FromMilliseconds(300)));

        Assert.Equal(new RunOutcome.TimedOut(TimeSpan.FromMilliseconds(300)), ExpectMsg<JobRunFinished>(Short).Outcome);
    }

    [Fact]
    public void Worker_ReportsTimedOutAndLeavesNoProcessOfTheJob_WhenABackgroundedChildOutlastsTheTimeout()
    {
        var worker = ChildActorOf(WorkerActor.Props(DataDir, Settings.Runner));
        var pidFile = DataFile("child.pid");

        worker.Tell(Run("slow-tree", $"sleep 30 & echo $! > '{pidFile}'; sleep 30", timeout: TimeSpan.FromSeconds(1)));
        var child = AwaitPid(pidFile);

        Assert.Equal(new RunOutcome.TimedOut(TimeSpan.FromSeconds(1)), ExpectMsg<JobRunFinished>(Short).Outcome);
        AwaitCondition(() => !OsProcess.IsAlive(child), Short, TimeSpan.FromMilliseconds(20), $"the backgrounded child {child} outlived the timeout");
    }

    [Fact]
    public void Worker_ReportsTheExitCode_WhenTheRunEndsWithinItsTimeout()
    {
        var worker = ChildActorOf(WorkerActor.Props(DataDir, Settings.Runner));

        worker.Tell(Run("quick", "exit 4", timeout: TimeSpan.FromSeconds(30)));
        Assert.Equal(new RunOutcome.Exited(4), ExpectMsg<JobRunFinished>(Short).Outcome);
        worker.Tell(Run("next", "sleep 0.3; exit 0", timeout: TimeSpan.FromSeconds(30)));

        Assert.Equal(new RunOutcome.Exited(0), ExpectMsg<JobRunFinished>(Short).Outcome); // the first job's timer did not touch it
    }

    [Fact]
    public void Worker_KillsTheProcessTree_WhenTheWorkerStops()
    {
        var worker = ChildActorOf(WorkerActor.Props(DataDir, Settings.Runner));
        var pidFile = DataFile("child.pid");
        worker.Tell(Run("orphaned", $"sleep 100 & echo $! > '{pidFile}'; wait"));
        var child = AwaitPid(pidFile);

        Watch(worker);
        Sys.Stop(worker);
        ExpectTerminated(worker, Short);

        AwaitCondition(() => !OsProcess.IsAlive(child), Short, TimeSpan.FromMilliseconds(20), $"the child {child} outlived its worker");
    }

    [Fact]
    public void Worker_RunsTheNextJob_WhenTheFirstHasEnded()
    {
        var worker = ChildActorOf(WorkerActor.Props(DataDir, Settings.Runner));

        worker.Tell(Run("first", "exit 1"));
        ExpectMsg<JobRunFinished>(Short);
        worker.Tell(Run("second", "exit 0"));

        Assert.Equal(new JobRunFinished("second", 1, new RunOutcome.Exited(0)), ExpectMsg<JobRunFinished>(Short));
    }

    [Fact]
    public void Worker_AnswersRunRefusedNamingBothRuns_WhenGivenAJobWhileBusy()
    {
        var worker = ChildActorOf(WorkerActor.Props(DataDir, Settings.Runner));
        worker.Tell(Run("busy", "sleep 0.5"));

        worker.Tell(Run("second", "true", attempt: 3));

        Assert.Equal(new RunRefused(new RunKey("second", 3), new RunKey("busy", 1)), ExpectMsg<RunRefused>(Short));
        Assert.Equal(new JobRunFinished("busy", 1, new RunOutcome.Exited(0)), ExpectMsg<JobRunFinished>(Short));
        Assert.False(File.Exists(LogOf("second")), "the refused job ran");
    }

    [Fact]
    public void Worker_DropsTheOutcomeOfTheRunItGaveUpOn_WhenRestartedAndGivenTheNextJob()
    {
        var pool = Sys.ActorOf(WorkerPoolActor.Props(DataDir, Settings.Runner));
        pool.Tell(Run("first", "sleep 30"));
        var worker = ExpectMsg<WorkerStarted>(Short).Worker;

        // The restart kills the first run; its piped result reaches the restarted worker while the second job runs.
        worker.Tell(Kill.Instance);
        worker.Tell(Run("second", "sleep 0.5; exit 7"));

        var crashed = ExpectMsg<JobRunFinished>(Short);
        Assert.Equal(("first", 1), (crashed.JobId, crashed.Attempt));
        var interrupted = Assert.IsType<RunOutcome.Interrupted>(crashed.Outcome);
        Assert.StartsWith("worker crashed", interrupted.Reason);
        Assert.False(interrupted.Counted);
        Assert.Equal(new JobRunFinished("second", 1, new RunOutcome.Exited(7)), ExpectMsg<JobRunFinished>(Short));
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void Worker_ReportsItsRunAndLastOutcomeToANewManager_AndReportsToItFromThenOn()
    {
        var first = CreateTestProbe();
        var second = CreateTestProbe();
        var worker = ChildActorOf(WorkerActor.Props(DataDir, Settings.Runner));
        worker.Tell(Run("done", "exit 2"), first.Ref);
        var finished = first.ExpectMsg<JobRunFinished>(Short);
        worker.Tell(Run("running", "sleep 0.5", attempt: 2), first.Ref);

        worker.Tell(ReportRun.Instance, second.Ref);

        Assert.Equal(new RunReported(new RunKey("running", 2), finished), second.ExpectMsg<RunReported>(Short));
        Assert.Equal(new JobRunFinished("running", 2, new RunOutcome.Exited(0)), second.ExpectMsg<JobRunFinished>(Short));
        first.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    /// <summary>Shell code that prints the command line of the job's own shell.</summary>
    protected const string ShowOwnCommandLine = "tr '\\0' ' ' < /proc/$$/cmdline";

    private protected RunJob Run(string id, string command, int attempt = 1, TimeSpan? timeout = null)
    {
        Directory.CreateDirectory(Path.Combine(DataDir, "logs"));
        return new RunJob(id, command, attempt, LogOf(id), timeout);
    }

    private protected int AwaitPid(string pidFile)
    {
        int? pid = null;
        AwaitCondition(() => (pid = OsProcess.ReadPid(pidFile)) is not null, Short, TimeSpan.FromMilliseconds(20), "the job never wrote its child's pid");
        Assert.True(OsProcess.IsAlive(pid!.Value));
        return pid.Value;
    }
}

/// <summary>Every case of <see cref="WorkerActorCases"/> with the native runner, and its shell started ahead.</summary>
public sealed class WorkerActorTests(ITestOutputHelper output) : WorkerActorCases(output, JobRunnerSetting.Native)
{
    [Fact]
    public void Worker_HandsEachJobToAShellStartedAhead_WhenTheJobsLogIsReady()
    {
        var worker = ChildActorOf(WorkerActor.Props(DataDir, Settings.Runner));

        foreach (var id in new[] { "first", "second" })
        {
            worker.Tell(Run(id, ShowOwnCommandLine));
            Assert.Equal(new RunOutcome.Exited(0), ExpectMsg<JobRunFinished>(Short).Outcome);
            Assert.StartsWith("/bin/sh -c unset q_log q_command", File.ReadAllText(LogOf(id)));
        }
    }

    /// <summary>A timeout sends the group SIGTERM first: a job that traps it can clean up (and its children get it too).</summary>
    [Fact]
    public void Worker_SendsTheGroupSigtermFirst_WhenTheRunTimesOut()
    {
        var worker = ChildActorOf(WorkerActor.Props(DataDir, Settings.Runner, killGrace: TimeSpan.FromSeconds(20)));
        var pidFile = DataFile("child.pid");

        worker.Tell(Run("trapper", $"trap 'echo got TERM; exit 0' TERM; sleep 30 & echo $! > '{pidFile}'; wait", timeout: TimeSpan.FromSeconds(1)));
        var child = AwaitPid(pidFile);

        Assert.Equal(new RunOutcome.TimedOut(TimeSpan.FromSeconds(1)), ExpectMsg<JobRunFinished>(Short).Outcome); // well before the grace
        Assert.Equal("got TERM\n", File.ReadAllText(LogOf("trapper")));
        AwaitCondition(() => !OsProcess.IsAlive(child), Short, TimeSpan.FromMilliseconds(20), $"the child {child} outlived the timeout");
    }

    /// <summary>What ignores SIGTERM gets SIGKILL once the grace is over, from a timer: the worker stays responsive meanwhile.</summary>
    [Fact]
    public void Worker_KillsTheGroupAfterTheGrace_WhenTheJobIgnoresSigterm()
    {
        var worker = ChildActorOf(WorkerActor.Props(DataDir, Settings.Runner, killGrace: TimeSpan.FromSeconds(3)));
        var pidFile = DataFile("child.pid");
        worker.Tell(Run("stubborn", $"trap '' TERM; sleep 30 & echo $! > '{pidFile}'; sleep 30", timeout: TimeSpan.FromSeconds(1)));
        var child = AwaitPid(pidFile);
        var started = System.Diagnostics.Stopwatch.StartNew();

        AwaitCondition(() => started.Elapsed > TimeSpan.FromSeconds(1.8), Short, TimeSpan.FromMilliseconds(50));
        worker.Tell(ReportRun.Instance); // between SIGTERM and SIGKILL: still running, and the worker answers
        Assert.Equal(new RunKey("stubborn", 1), ExpectMsg<RunReported>(Short).Current);
        Assert.True(OsProcess.IsAlive(child), "SIGTERM alone ended a job that ignores it");

        Assert.Equal(new RunOutcome.TimedOut(TimeSpan.FromSeconds(1)), ExpectMsg<JobRunFinished>(Short).Outcome);
        Assert.True(started.Elapsed >= TimeSpan.FromSeconds(3), $"ended after {started.Elapsed}, before the timeout and grace");
        AwaitCondition(() => !OsProcess.IsAlive(child), Short, TimeSpan.FromMilliseconds(20), $"the child {child} survived SIGKILL");
    }
}

/// <summary>Every case of <see cref="WorkerActorCases"/> with the portable runner, which starts no shell ahead.</summary>
public sealed class PortableWorkerActorTests(ITestOutputHelper output) : WorkerActorCases(output, JobRunnerSetting.Portable)
{
    [Fact]
    public void Worker_StartsAShellForEachJobWithTheLogAndCommandAsArguments_WhenTheRunnerIsPortable()
    {
        var worker = ChildActorOf(WorkerActor.Props(DataDir, Settings.Runner));

        foreach (var id in new[] { "first", "second" })
        {
            worker.Tell(Run(id, ShowOwnCommandLine));
            Assert.Equal(new RunOutcome.Exited(0), ExpectMsg<JobRunFinished>(Short).Outcome);
            Assert.StartsWith($"/bin/sh -c {PortableJobRunner.UnixWrapper} /bin/sh {LogOf(id)} {ShowOwnCommandLine}", File.ReadAllText(LogOf(id)));
        }
    }
}
