using Akka.Actor;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Hosting;
using QueueCtl.Actors.Manager;

namespace QueueCtl.Actors.Workers;

/// <summary>
/// Runs one job at a time and supervises its OS process without blocking: the run is a task piped back
/// as a message. Reports every outcome to the job's sender (the manager), which then knows it idle. The process
/// tree is killed when the run is interrupted, times out, or the worker stops. Keeps a <see cref="StandbyShell"/>
/// ready for its next job, started as soon as the previous one is launched.
/// </summary>
internal sealed class WorkerActor : ReceiveActor
{
    private readonly string _queueKey;

    /// <summary>A standby carries the queue's run marker without a job id, so the survivor sweep finds it too.</summary>
    private readonly IReadOnlyDictionary<string, string> _standbyEnvironment;

    private RunJob? _current;
    private IActorRef _reportTo = ActorRefs.Nobody;
    private CancellationTokenSource? _cancel;
    private string? _interruptReason;
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
        Receive<RunJob>(_ => _current is null, Start);
        Receive<RunEnded>(_ => _current is not null, ended => Finish(ended.Outcome));
        Receive<InterruptRuns>(interrupt =>
        {
            if (_current is not null)
            {
                _interruptReason = interrupt.Reason;
                _cancel?.Cancel();
            }
        });
    }

    public static Props Props(string queueKey) => Akka.Actor.Props.Create(() => new WorkerActor(queueKey));

    protected override void PreStart() => _standby = StandbyShell.StartAsync(_standbyEnvironment);

    private void Start(RunJob job)
    {
        _current = job;
        _reportTo = Sender;
        _interruptReason = null;
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
        ProcessRunner.RunAsync(start, standby, launched: () => StartStandby(next, environment), _cancel.Token).PipeTo(Self,
            success: outcome => new RunEnded(outcome),
            failure: error => new RunEnded(new RunOutcome.CouldNotStart(error.GetBaseException().Message)));
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
        var reported = outcome is RunOutcome.Interrupted && _interruptReason is null && job.Timeout is { } timeout
            ? new RunOutcome.TimedOut(timeout)
            : outcome is RunOutcome.Interrupted && _interruptReason is not null
                ? new RunOutcome.Interrupted(_interruptReason)
                : outcome;
        _reportTo.Tell(new JobRunFinished(job.JobId, job.Attempt, reported), Self);
        _cancel?.Dispose();
        _cancel = null;
        _current = null;
    }

    protected override void PreRestart(Exception reason, object message)
    {
        // A crashed worker is restarted by the router; the job it held comes back as interrupted.
        if (_current is { } job)
        {
            _cancel?.Cancel();
            _reportTo.Tell(new JobRunFinished(job.JobId, job.Attempt, new RunOutcome.Interrupted($"worker crashed: {reason.Message}")), Self);
        }
        base.PreRestart(reason, message);
    }

    protected override void PostStop()
    {
        _cancel?.Cancel(); // kills the process group of a run still going
        _cancel?.Dispose();
        _standby?.ContinueWith(started => started.Result?.Dispose(), TaskContinuationOptions.OnlyOnRanToCompletion);
    }

    private sealed record RunEnded(RunOutcome Outcome);
}
