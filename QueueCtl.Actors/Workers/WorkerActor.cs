using Akka.Actor;
using Akka.Event;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Hosting;
using QueueCtl.Actors.Manager;

namespace QueueCtl.Actors.Workers;

/// <summary>
/// Runs one job at a time and supervises its OS process without blocking: the run is a task piped back
/// as a message. Reports every outcome, naming its job and attempt, to the job's sender (the manager), which then knows it
/// idle; a manager that restarted asks again (<see cref="ReportRun"/>) and is reported to from then on. The process
/// tree is killed when the run is interrupted, times out, or the worker stops. Its <see cref="IJobRunner"/> (one per worker,
/// chosen by <c>queuectl.runner</c>) starts the processes; a native one keeps a shell ready for the next job.
/// </summary>
internal sealed class WorkerActor : ReceiveActor
{
    private readonly string _queueKey;
    private readonly JobRunnerKind _runnerKind;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private IJobRunner? _runner;
    private RunJob? _current;
    private IActorRef _reportTo = ActorRefs.Nobody;
    private readonly TimeSpan _killGrace;
    private CancellationTokenSource? _cancel;
    private CancellationTokenSource? _terminate;
    private InterruptRuns? _interrupt;
    private bool _canceled;
    private JobRunFinished? _lastFinished;

    /// <summary>
    /// Idle or busy is whether a run is current; one set of handlers serves both, because <c>Become</c> rebuilds an
    /// actor's handlers on every call, which twice per job cost the host measurable CPU.
    /// </summary>
    public WorkerActor(string queueKey, JobRunnerKind runnerKind, TimeSpan killGrace)
    {
        _queueKey = queueKey;
        _runnerKind = runnerKind;
        _killGrace = killGrace;
        Receive<RunJob>(job =>
        {
            if (_current is null)
            {
                Start(job);
            }
            else
            {
                _log.Warning("Refused run {0} of job {1}: still running attempt {2} of job {3}", job.Attempt, job.JobId, _current.Attempt, _current.JobId);
                Sender.Tell(new RunRefused(job.Key, _current.Key));
            }
        });
        Receive<RunEnded>(ended =>
        {
            if (_current?.Key == ended.Run)
            {
                Finish(ended.Outcome);
            }
            else
            {
                // A run this worker gave up on when it restarted, ending after the next one began.
                _log.Warning("Dropped the outcome of attempt {0} of job {1}: not the run this worker holds", ended.Run.Attempt, ended.Run.JobId);
            }
        });
        Receive<InterruptRuns>(interrupt =>
        {
            if (_current is not null)
            {
                _interrupt = interrupt;
                _cancel?.Cancel();
            }
        });
        Receive<CancelRun>(cancel =>
        {
            if (_current?.Key == cancel.Run && !_canceled)
            {
                _canceled = true;
                _terminate?.Cancel(); // SIGTERM now; its registration sets SIGKILL a grace later
            }
        });
        Receive<ReportRun>(_ =>
        {
            _reportTo = Sender;
            Sender.Tell(new RunReported(_current?.Key, _lastFinished));
        });
    }

    /// <param name="killGrace">How long a timed-out job has between SIGTERM and SIGKILL (<c>queuectl.kill-grace</c>).</param>
    public static Props Props(string queueKey, JobRunnerKind runnerKind, TimeSpan? killGrace = null)
    {
        var grace = killGrace ?? QueueCtlSettings.DefaultKillGrace;
        return Akka.Actor.Props.Create(() => new WorkerActor(queueKey, runnerKind, grace));
    }

    /// <summary>A native runner starts its worker's first standby shell here.</summary>
    protected override void PreStart() => _runner = JobRunners.Create(_runnerKind, _queueKey);

    private void Start(RunJob job)
    {
        _current = job;
        _reportTo = Sender;
        _interrupt = null;
        _canceled = false;
        _cancel = new CancellationTokenSource();
        // A timeout or a cancel ends the run the same way: the runner sends SIGTERM when this token fires, and the kill token
        // is set to fire a grace later (SIGKILL). Both are timers, no thread waits. The run may end and the kill source be
        // disposed as the callback runs, hence the catch. Locals, not fields: the callbacks run on timer threads.
        _terminate = job.Timeout is { } timeout ? new CancellationTokenSource(timeout) : new CancellationTokenSource();
        var kill = _cancel;
        var grace = _killGrace;
        _terminate.Token.Register(() =>
        {
            try
            {
                kill.CancelAfter(grace);
            }
            catch (ObjectDisposedException)
            {
                // the run ended meanwhile
            }
        });
        var terminate = _terminate.Token;
        var start = new ProcessStart(job.Command, job.LogPath, new Dictionary<string, string>
        {
            [QueueCtlNames.JobIdEnvironmentVariable] = job.JobId,
            [QueueCtlNames.RunMarkerEnvironmentVariable] = SurvivorSweep.MarkerFor(_queueKey, job.JobId),
        });
        // Before the start, so the offset is the log's length before this run writes: one stat for a fresh log.
        if (JobLogRuns.RecordRunStart(job.LogPath) is { } problem)
        {
            _log.Warning("Could not record where attempt {0} of job {1} starts in its log ({2}); logs --attempt will show it with the run before", job.Attempt, job.JobId, problem);
        }
        var run = job.Key;
        _runner!.RunAsync(start, _cancel.Token, terminate).PipeTo(Self,
            success: outcome => new RunEnded(run, outcome),
            failure: error => new RunEnded(run, new RunOutcome.CouldNotStart(error.GetBaseException().Message)));
    }

    private void Finish(RunOutcome outcome)
    {
        var job = _current!;
        var reported = outcome switch
        {
            RunOutcome.Interrupted when _canceled => new RunOutcome.Interrupted(QueueState.CanceledReason),
            RunOutcome.Interrupted when _interrupt is not null => new RunOutcome.Interrupted(_interrupt.Reason, _interrupt.Counted),
            RunOutcome.Interrupted when job.Timeout is { } timeout => new RunOutcome.TimedOut(timeout),
            _ => outcome,
        };
        _lastFinished = new JobRunFinished(job.JobId, job.Attempt, reported);
        _reportTo.Tell(_lastFinished, Self);
        _cancel?.Dispose();
        _cancel = null;
        _terminate?.Dispose();
        _terminate = null;
        _current = null;
    }

    protected override void PreRestart(Exception reason, object message)
    {
        // A crashed worker is restarted by the pool; the job it held comes back as interrupted, not counted against it.
        if (_current is { } job)
        {
            _cancel?.Cancel();
            _reportTo.Tell(new JobRunFinished(job.JobId, job.Attempt, new RunOutcome.Interrupted($"worker crashed: {reason.Message}", Counted: false)), Self);
        }
        base.PreRestart(reason, message);
    }

    protected override void PostStop()
    {
        _cancel?.Cancel(); // kills the process tree of a run still going
        _cancel?.Dispose();
        _terminate?.Dispose();
        _runner?.Dispose();
    }

    /// <summary>The piped result of a run; it names the run because a restarted worker may see a run it gave up on end.</summary>
    private sealed record RunEnded(RunKey Run, RunOutcome Outcome);
}
