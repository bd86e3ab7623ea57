using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using QueueCtl.Actors.Hosting;
using QueueCtl.Actors.Manager;

namespace QueueCtl.Actors.Workers;

/// <summary>
/// The parent and supervisor of the workers, beside the queue manager rather than under it: a manager that stops
/// (a journal write failed) and is restarted finds the workers still running their jobs, and asks each for its run
/// (<see cref="ReportWorkers"/>). The manager owns the slots (see <see cref="WorkerSlots{TWorker}"/>): it gives a run
/// straight to an idle worker, and sends it here only when it needs a new one, which this actor starts, forwards the run
/// to (so the worker knows the manager as its sender) and names to the manager. A crashed worker is restarted; its run
/// is reported interrupted by the worker itself.
/// <para>
/// Before anything else it kills what a crashed host of the same queue left running (<see cref="SurvivorSweep"/>), so
/// no job runs twice at once; until then it stashes what it is sent.
/// </para>
/// </summary>
internal sealed class WorkerPoolActor : ReceiveActor, IWithStash
{
    private readonly string _queueKey;
    private readonly JobRunnerKind _runner;
    private readonly TimeSpan _killGrace;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private int _nextWorkerId;
    private bool _reported;

    public WorkerPoolActor(string queueKey, JobRunnerKind runner, TimeSpan killGrace)
    {
        _queueKey = queueKey;
        _runner = runner;
        _killGrace = killGrace;
        Receive<SurvivorsSwept>(swept =>
        {
            if (swept.Error is not null)
            {
                _log.Error(swept.Error, "Could not look for processes a previous host of this queue left running");
            }
            else if (swept.Killed > 0)
            {
                _log.Warning("Killed {0} process(es) left running by a previous host of this queue", swept.Killed);
            }
            Become(Ready);
            Stash.UnstashAll();
        });
        ReceiveAny(_ => Stash.Stash());
    }

    public IStash Stash { get; set; } = null!;

    /// <param name="killGrace">Between SIGTERM and SIGKILL for a timed-out job (<c>queuectl.kill-grace</c>).</param>
    public static Props Props(string queueKey, JobRunnerKind runner, TimeSpan? killGrace = null)
    {
        var grace = killGrace ?? QueueCtlSettings.DefaultKillGrace;
        return Akka.Actor.Props.Create(() => new WorkerPoolActor(queueKey, runner, grace));
    }

    protected override void PreStart()
    {
        if (_runner == JobRunnerKind.Portable)
        {
            _log.Warning(
                "Jobs run with the portable runner ({0}): a job shares the host's process group, so what it leaves running " +
                "when its shell exits is not killed, and a cancel or timeout kills only the processes still below its shell " +
                "(README, Runners)",
                NativeJobRunner.Unavailable ?? $"as {QueueCtlSettings.RunnerKey} asks");
        }
        if (!SurvivorSweep.IsAvailable)
        {
            _log.Warning(
                "The crash survivor sweep is not available on this OS (it reads /proc): if a host of this queue crashed, jobs " +
                "it was running may still be running, and such a job runs again beside its survivor. Stop them yourself: each " +
                "carries {0}={1}|<job id> in its environment",
                QueueCtlNames.RunMarkerEnvironmentVariable, _queueKey);
        }
        var queueKey = _queueKey;
        Task.Run(() => SurvivorSweep.KillSurvivors(queueKey)).PipeTo(Self,
            success: killed => new SurvivorsSwept(killed, null),
            failure: error => new SurvivorsSwept(0, error));
    }

    private void Ready()
    {
        Receive<RunJob>(job =>
        {
            var worker = Context.ActorOf(WorkerActor.Props(_queueKey, _runner, _killGrace), $"worker-{++_nextWorkerId}");
            worker.Forward(job);
            Sender.Tell(new WorkerStarted(worker, job.Key));
        });
        Receive<InterruptRuns>(interrupt =>
        {
            foreach (var worker in Context.GetChildren())
            {
                worker.Tell(interrupt); // an idle worker ignores it
            }
        });
        Receive<CancelRun>(cancel =>
        {
            foreach (var worker in Context.GetChildren())
            {
                worker.Tell(cancel); // only the worker holding that run acts on it
            }
        });
        Receive<ReportWorkers>(_ =>
        {
            Sender.Tell(new WorkersReported(Context.GetChildren().ToImmutableArray(), FirstReport: !_reported));
            _reported = true;
        });
    }

    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(Decider.From(Directive.Restart));

    private sealed record SurvivorsSwept(int Killed, Exception? Error);
}
