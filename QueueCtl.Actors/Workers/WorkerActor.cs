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
/// tree is killed when the run is interrupted, times out, or the worker stops. Keeps a <see cref="StandbyShell"/>
/// ready for its next job, started as soon as the previous one is launched.
/// </summary>
internal sealed class WorkerActor : ReceiveActor
{
    private readonly string _queueKey;

    /// <summary>A standby carries the queue's run marker without a job id, so the survivor sweep finds it too.</summary>
    private readonly IReadOnlyDictionary<string, string> _standbyEnvironment;

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private RunJob? _current;
    private IActorRef _reportTo = ActorRefs.Nobody;
    private CancellationTokenSource? _cancel;
    private InterruptRuns? _interrupt;
    private JobRunFinished? _lastFinished;
    private Task<StandbyShell?>? _standby;

    /// <summary>
    /// Idle or busy is whether a run is current; one set of handlers serves both, because <c>Become</c> rebuilds an
    /// actor's handlers on every call, which twice per job cost the host measurable CPU.
    /// </summary>
    public WorkerActor(string queueKey)
    {
        _queueKey = queueKey;
        _standbyEnvironment = new Dictionary<string, string>
        {
            [QueueCtlNames.RunMarkerEnvironmentVariable] = SurvivorSweep.MarkerFor(queueKey, ""),
        };
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
        Receive<ReportRun>(_ =>
        {
            _reportTo = Sender;
            Sender.Tell(new RunReported(_current?.Key, _lastFinished));
        });
    }

    public static Props Props(string queueKey) => Akka.Actor.Props.Create(() => new WorkerActor(queueKey));

    protected override void PreStart() => _standby = StandbyShell.StartAsync(_standbyEnvironment);

    private void Start(RunJob job)
    {
        _current = job;
        _reportTo = Sender;
        _interrupt = null;
        _cancel = job.Timeout is { } timeout ? new CancellationTokenSource(timeout) : new CancellationTokenSource();
        var start = new ProcessStart(job.Command, job.LogPath, new Dictionary<string, string>
        {
            [QueueCtlNames.JobIdEnvironmentVariable] = job.JobId,
            [QueueCtlNames.RunMarkerEnvironmentVariable] = SurvivorSweep.MarkerFor(_queueKey, job.JobId),
        });
        // The next job's shell starts as soon as this job is launched, on the thread pool, and is there when it comes.
        var standby = _standby;
        var next = new TaskCompletionSource<StandbyShell?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _standby = next.Task;
        var environment = _standbyEnvironment;
        var run = job.Key;
        ProcessRunner.RunAsync(start, standby, launched: () => StartStandby(next, environment), _cancel.Token).PipeTo(Self,
            success: outcome => new RunEnded(run, outcome),
            failure: error => new RunEnded(run, new RunOutcome.CouldNotStart(error.GetBaseException().Message)));
    }

    /// <summary>On the thread pool: a standby is a shortcut, so whatever happens the next job gets an answer, if only null.</summary>
    private static void StartStandby(TaskCompletionSource<StandbyShell?> next, IReadOnlyDictionary<string, string> environment)
    {
        StandbyShell? shell = null;
        try
        {
            shell = StandbyShell.TryStart(environment);
        }
        finally
        {
            next.SetResult(shell);
        }
    }

    private void Finish(RunOutcome outcome)
    {
        var job = _current!;
        var reported = outcome is RunOutcome.Interrupted && _interrupt is null && job.Timeout is { } timeout
            ? new RunOutcome.TimedOut(timeout)
            : outcome is RunOutcome.Interrupted && _interrupt is not null
                ? new RunOutcome.Interrupted(_interrupt.Reason, _interrupt.Counted)
                : outcome;
        _lastFinished = new JobRunFinished(job.JobId, job.Attempt, reported);
        _reportTo.Tell(_lastFinished, Self);
        _cancel?.Dispose();
        _cancel = null;
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
        _cancel?.Cancel(); // kills the process group of a run still going
        _cancel?.Dispose();
        _standby?.ContinueWith(started => started.Result?.Dispose(), TaskContinuationOptions.OnlyOnRanToCompletion);
    }

    /// <summary>The piped result of a run; it names the run because a restarted worker may see a run it gave up on end.</summary>
    private sealed record RunEnded(RunKey Run, RunOutcome Outcome);
}
