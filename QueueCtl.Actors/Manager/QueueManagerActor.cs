using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Hosting;
using QueueCtl.Actors.Protocol;
using QueueCtl.Actors.Workers;

namespace QueueCtl.Actors.Manager;

/// <summary>
/// The queue: a persistent actor that wires <see cref="QueueState"/> to the journal, the worker pool, the due timer
/// (retries and scheduled jobs) and replies. Decisions are pure; this class only stores their events and then acts on them.
/// <para>
/// Events are applied to the in-memory state as soon as they are decided, so the next message sees them, and
/// written with <c>PersistAllAsync</c>, so the journal batches the writes of many messages into one transaction.
/// Every side effect (a reply, handing a job to a worker, arming a timer) waits in the persist handler until
/// its event is stored: a job never runs before its <see cref="JobStarted"/> is durable. If a write fails (or is
/// refused) the actor stops, its supervisor restarts it, recovery rebuilds the state from what was stored, and the
/// workers, which live in the pool beside it, report the runs they still hold (see the Workers part).
/// </para>
/// </summary>
public sealed partial class QueueManagerActor : ReceivePersistentActor, IWithTimers
{
    private readonly QueueCtlOptions _options;
    private readonly QueueCtlSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly JobWaiters _waiters = new();
    private readonly List<(IActorRef ReplyTo, string? Queue)> _stopWaiters = [];
    private readonly DateTimeOffset _startedAt = DateTimeOffset.UtcNow;
    private readonly System.Diagnostics.Stopwatch _recovering = System.Diagnostics.Stopwatch.StartNew();
    private long _eventsReplayed;
    private long _snapshotLoaded;
    private long _snapshotIndexed;
    private readonly IActorRef _pool;
    private readonly WorkerSlots<IActorRef> _workers = new();
    private readonly HashSet<IActorRef> _unreported = [];
    private readonly Queue<IActorRef> _awaitingStorage = new();
    private QueueState _state;
    private bool _firstReport;
    private bool _dispatching;
    private bool _stopping;
    private IActorRef? _drainRequester;
    private int _eventsSinceSnapshot;
    private bool _savingLastSnapshot;
    private long _compactedTo;
    private long _lastSnapshotSequenceNr;
    private bool _lastSnapshotSaved;
    private string? _storageFailure;
    private DateTimeOffset? _dueTimerAt;

    /// <summary>
    /// The longest the due timer waits before it looks at the wall clock again. A timer counts elapsed time, not the
    /// clock: after the machine slept or its clock was set, a job due in a week would otherwise start late by that much.
    /// A wake-up a minute while a job waits costs nothing measurable; none happens while no job waits for a time.
    /// </summary>
    private static readonly TimeSpan MaxDueTimerDelay = TimeSpan.FromMinutes(1);

    public QueueManagerActor(QueueCtlOptions options, QueueCtlSettings settings, IActorRef pool)
    {
        _options = options;
        _settings = settings;
        _pool = pool;
        _state = QueueState.Empty(settings.Defaults);
        _meters = new QueueMeters(options.PersistenceId, () => _state);
        _metrics = new QueueMetrics(_startedAt, _meters);
        JournalPluginId = options.JournalPluginId;
        SnapshotPluginId = options.SnapshotPluginId;

        Recover<SnapshotOffer>(offer =>
        {
            _snapshotLoaded = _recovering.ElapsedMilliseconds;
            _state = QueueState.FromSnapshot((QueueSnapshot)offer.Snapshot, _settings.Defaults);
            _snapshotIndexed = _recovering.ElapsedMilliseconds;
        });
        Recover<IQueueEvent>(e =>
        {
            _state = _state.Apply(e);
            _eventsReplayed++;
        });
        Recover<RecoveryCompleted>(_ => OnRecovered());

        Starting();
    }

    public override string PersistenceId => _options.PersistenceId;

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="pool">The <see cref="WorkerPoolActor"/> that outlives this actor's restarts.</param>
    public static Props Props(QueueCtlOptions options, QueueCtlSettings settings, IActorRef pool) =>
        Akka.Actor.Props.Create(() => new QueueManagerActor(options, settings, pool));

    private static DateTimeOffset Now => DateTimeOffset.UtcNow;

    protected override void PreStart()
    {
        Directory.CreateDirectory(_options.LogDirectory);
        base.PreStart();
    }

    private void CommandHandlers()
    {
        Command<EnqueueJobs>(enqueue => Execute(WithGeneratedIds(enqueue), Sender));
        Command<StartWorkers>(start => Execute(start, Sender));
        Command<StopWorkers>(stop =>
        {
            if (stop.Wait)
            {
                Execute(stop, ActorRefs.Nobody);
                _stopWaiters.Add((Sender, stop.Queue));
                DeferAsync(stop, _ => AnswerStopWaitersIfIdle());
            }
            else
            {
                Execute(stop, Sender);
            }
        });
        Command<RetryDeadJob>(retry => Execute(retry, Sender));
        Command<RetryAllDeadJobs>(retry => Execute(retry, Sender));
        Command<CancelJobs>(cancel => Execute(cancel, Sender));
        Command<PauseQueue>(pause => Execute(pause, Sender));
        Command<ResumeQueue>(resume => Execute(resume, Sender));
        Command<DueTimerFired>(_ =>
        {
            _dueTimerAt = null;
            ReleaseDueWork();
            ForgetByAgeIfDue();
            ArmDueTimer(); // the next due time, or this one again if the timer fired before the wall clock reached it
        });
        Command<DrainForShutdown>(drain =>
        {
            _dispatching = false;
            _stopping = true;
            _drainRequester = Sender;
            if (_state.Running.Count > 0)
            {
                _log.Info("Stopping: {0} running job(s) get {1} to finish", _state.Running.Count, drain.Grace);
                Timers.StartSingleTimer(nameof(GraceExpired), GraceExpired.Instance, drain.Grace);
            }
            DeferAsync(drain, _ => AnswerDrainIfIdle());
        });
        Command<GraceExpired>(_ => _pool.Tell(new InterruptRuns("the host was stopped; the run was killed after the shutdown grace period", Counted: true)));
        Command<SaveSnapshotSuccess>(saved =>
        {
            DeleteSnapshots(new SnapshotSelectionCriteria(saved.Metadata.SequenceNr - 1));
            // The snapshot covers every event up to its own: the journal keeps only those after it, so the database
            // grows with the jobs kept, not with every event ever stored. Deleted in runs of at least compact-every
            // events: each delete is a transaction of its own beside the queue's writes (measured with bench/ab-host).
            if (saved.Metadata.SequenceNr - _compactedTo >= _settings.CompactEvery)
            {
                _compactedTo = saved.Metadata.SequenceNr;
                DeleteMessages(saved.Metadata.SequenceNr);
            }
            LastSnapshotDone(saved.Metadata.SequenceNr);
        });
        Command<SaveSnapshotFailure>(failed =>
        {
            _log.Warning("Snapshot failed (recovery will replay more events): {0}", failed.Cause.Message);
            LastSnapshotDone(failed.Metadata.SequenceNr);
        });
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(failed => _log.Warning("Deleting old snapshots failed: {0}", failed.Cause.Message));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(failed =>
            _log.Warning("Deleting events a snapshot covers failed (the next snapshot tries again): {0}", failed.Cause.Message));
        ScheduleHandlers();
        RetentionHandlers();
    }

    /// <summary>
    /// Decides, applies at once, stores in the background, and replies once stored. The starts the command makes
    /// possible (a finished run frees a slot) are stored in the same write as its own events.
    /// </summary>
    private void Execute(object command, IActorRef replyTo)
    {
        var decision = _state.Decide(command, Now);
        Apply(decision.Events);
        Persist(decision.Events.AddRange(DecideStarts()));
        if (decision.Reply is not null && !replyTo.IsNobody())
        {
            AnswerWhenStored(replyTo, decision.Reply);
        }
    }

    /// <summary>Hands pending jobs to free worker slots; each goes out once its start is stored.</summary>
    private void Dispatch() => Persist(DecideStarts());

    /// <summary>The starts of pending jobs for free worker slots, applied, or none while dispatching is off.</summary>
    private ImmutableArray<IQueueEvent> DecideStarts()
    {
        if (!_dispatching)
        {
            return [];
        }
        var starts = _state.Decide(StartNextJobs.Instance, Now).Events;
        Apply(starts);
        return starts;
    }

    private void Apply(ImmutableArray<IQueueEvent> events)
    {
        foreach (var e in events)
        {
            _state = _state.Apply(e);
        }
    }

    private void Persist(ImmutableArray<IQueueEvent> events)
    {
        if (events.IsEmpty)
        {
            return;
        }
        events = events.AddRange(DecideForgetBeyondCount());
        PersistAllAsync(events, OnStored);
        Submitted(events);
        _eventsSinceSnapshot += events.Length;
        if (SnapshotPolicy.IsDue(_eventsSinceSnapshot, _settings.SnapshotEvery, _state.Jobs.Count))
        {
            // The state now holds exactly the events submitted so far; the deferred handler runs when the
            // last of them is stored, so the snapshot and its sequence number agree.
            _eventsSinceSnapshot = 0;
            DeferAsync(_state.ToSnapshot(), SaveSnapshot);
        }
    }

    /// <summary>The side effects of one stored event.</summary>
    private void OnStored(IQueueEvent stored)
    {
        Measure(stored);
        switch (stored)
        {
            case JobStarted started:
                var job = _state.Jobs[started.JobId];
                // The timeout counts from here, per attempt: the worker arms it as the run reaches it, just after JobStarted is stored.
                var run = new RunJob(job.Id, job.Command, started.Attempt, LogPath(job.Id),
                    job.TimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null);
                if (_logsBeingDeleted.ContainsKey(job.Id))
                {
                    _runsAfterLogDeletion[job.Id] = run; // a forgotten job of the same id: its log goes first
                }
                else
                {
                    Send(run);
                }
                break;
            case JobFailed:
            case JobsEnqueued:
            case ScheduleAdded:
                ArmDueTimer();
                break;
            case JobCompleted completed:
                _waiters.JobFinished(completed.JobId, _state, AnswerWaiter);
                ArmForgetByAge();
                break;
            case JobDied died:
                _waiters.JobFinished(died.JobId, _state, AnswerWaiter);
                ArmForgetByAge();
                break;
            case WorkerCountSet:
                RetireSurplusWorkers();
                break;
            case JobCancelRequested cancel:
                KillCanceledRun(cancel.JobId);
                break;
            case JobsForgotten forgotten:
                DeleteLogs(forgotten);
                break;
        }
        if (stored is JobCompleted or JobFailed or JobDied or JobInterrupted)
        {
            AnswerStopWaitersIfIdle();
            AnswerDrainIfIdle();
        }
    }

    /// <summary>A run goes straight to an idle worker; to the pool only when a new worker is needed.</summary>
    private void Send(RunJob run) => (_workers.Assign(run.Key) ?? _pool).Tell(run);

    private void OnRecovered()
    {
        // How long a restart takes, and where: the snapshot's load, its indexes, and the events stored after it.
        _eventsSinceSnapshot = (int)Math.Min(_eventsReplayed, int.MaxValue); // the next snapshot comes as if none were lost in between
        _log.Info("Recovered {0} jobs in {1} ms (snapshot read by {2} ms, indexed by {3} ms; {4} events replayed after it)",
            _state.Jobs.Count, _recovering.ElapsedMilliseconds, _snapshotLoaded, _snapshotIndexed, _eventsReplayed);
        ArmDueTimer(); // retries and run_at times are stored: whatever came due while the host was down is due now
        // Which of the jobs processing in the journal still run? The pool answers once a crashed host's leftovers are
        // killed; then each worker reports its run.
        _pool.Tell(ReportWorkers.Instance);
    }

    /// <summary>
    /// Kills the run of a job being canceled. Through the pool to every worker, as an interrupt goes: the worker that holds
    /// the run kills its process group (SIGTERM, SIGKILL after the kill grace), the rest ignore it; the run's outcome then
    /// makes the job dead.
    /// </summary>
    private void KillCanceledRun(string jobId)
    {
        if (_state.Find(jobId) is { State: JobState.Processing, CancelRequested: true } job)
        {
            _pool.Tell(new CancelRun(new RunKey(job.Id, job.Attempts)));
        }
    }

    /// <summary>After <c>worker start --count</c> shrinks the pool or <c>worker stop</c>, idle workers beyond the count stop.</summary>
    private void RetireSurplusWorkers()
    {
        foreach (var worker in _workers.TakeSurplus(_state.WorkerCount))
        {
            worker.Tell(PoisonPill.Instance);
        }
    }

    /// <summary>
    /// One timer for every job that waits for a time (failed jobs' retries, scheduled jobs' run_at, finished jobs coming of
    /// age for retention): armed for the earliest, re-armed each time it fires. It is moved only when something comes due
    /// earlier than the time it is armed for.
    /// </summary>
    private void ArmDueTimer()
    {
        if (QueueState.Earlier(_state.NextDueAt, ForgetByAgeAt) is not { } dueAt)
        {
            return; // nothing waits; a timer still armed finds nothing due and is not re-armed
        }
        if (_dueTimerAt is { } armed && armed <= dueAt)
        {
            return;
        }
        var now = Now;
        var delay = dueAt - now;
        delay = delay < TimeSpan.Zero ? TimeSpan.Zero : delay > MaxDueTimerDelay ? MaxDueTimerDelay : delay;
        _dueTimerAt = now + delay;
        Timers.StartSingleTimer(nameof(DueTimerFired), DueTimerFired.Instance, delay);
    }

    /// <summary>Answers each <c>worker stop --wait</c> once nothing runs in the queues it stopped (all, or the one it named).</summary>
    private void AnswerStopWaitersIfIdle()
    {
        if (_stopWaiters.Count == 0)
        {
            return;
        }
        _stopWaiters.RemoveAll(waiter =>
        {
            var idle = waiter.Queue is null ? _state.Running.Count == 0 : _state.BusyIn(waiter.Queue) == 0;
            if (idle)
            {
                AnswerWhenStored(waiter.ReplyTo, new WorkersView(waiter.Queue is null ? _state.WorkerCount : _state.WorkersOf(waiter.Queue), 0));
            }
            return idle;
        });
    }

    /// <summary>
    /// Once nothing runs, a stopping host saves a snapshot of what changed since the last one before it says it is drained:
    /// the next start then loads that snapshot and replays next to nothing, however many events came since.
    /// </summary>
    private void AnswerDrainIfIdle()
    {
        if (_drainRequester is null || _state.Running.Count > 0 || _savingLastSnapshot)
        {
            return;
        }
        Timers.Cancel(nameof(GraceExpired));
        if (_eventsSinceSnapshot > 0 && !_lastSnapshotSaved)
        {
            _savingLastSnapshot = true;
            _eventsSinceSnapshot = 0;
            DeferAsync(_state.ToSnapshot(), snapshot =>
            {
                _lastSnapshotSequenceNr = LastSequenceNr;
                SaveSnapshot(snapshot);
            });
            return; // answered once the snapshot is saved, or failed (LastSnapshotDone)
        }
        AnswerWhenStored(_drainRequester, Drained.Instance);
        _drainRequester = null;
    }

    /// <summary>A snapshot was saved (or failed): if it is the stopping host's last one, the drain is answered.</summary>
    private void LastSnapshotDone(long sequenceNr)
    {
        if (_savingLastSnapshot && _lastSnapshotSequenceNr > 0 && sequenceNr >= _lastSnapshotSequenceNr)
        {
            _savingLastSnapshot = false;
            _lastSnapshotSaved = true;
            AnswerDrainIfIdle();
        }
    }

    private string LogPath(string jobId) => Path.Combine(_options.LogDirectory, jobId + ".log");

    private static EnqueueJobs WithGeneratedIds(EnqueueJobs enqueue) =>
        enqueue.Jobs.IsDefault || enqueue.Jobs.All(j => j?.Id is not null)
            ? enqueue
            : enqueue with { Jobs = enqueue.Jobs.Select(j => j is { Id: null } ? j with { Id = Guid.NewGuid().ToString() } : j).ToImmutableArray() };

    /// <summary>The journal could not store an event: Akka.Persistence stops this actor, and its supervisor restarts it.</summary>
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _log.Error(cause, "Could not store {0} (seq {1}); the queue manager restarts from the journal", @event.GetType().Name, sequenceNr);
        _storageFailure = $"the host could not store a change to the queue ({cause.GetBaseException().Message})";
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    /// <summary>
    /// The journal refused an event (it could not be serialized): the state already holds it, so this actor stops and
    /// is restarted from what the journal holds, as after a failed write. Running jobs go on in their workers.
    /// </summary>
    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        _log.Error(cause, "The journal refused {0} (seq {1}); the queue manager restarts from the journal", @event.GetType().Name, sequenceNr);
        _storageFailure = $"the host's journal refused a change to the queue ({cause.GetBaseException().Message})";
        Context.Stop(Self);
    }

    /// <summary>Everyone still waiting for an answer gets one: a stopped manager's replies would never come.</summary>
    protected override void PostStop()
    {
        var why = _storageFailure is null
            ? "the queue manager stopped (the host is stopping)"
            : $"{_storageFailure}; it may not have been stored. The queue reloads what was stored and resumes by itself: " +
              "check with `queuectl show ID` or `queuectl list`, and see host.log in the data directory";
        var unavailable = new CommandRejected(RejectionKind.Unavailable, why);
        foreach (var waiting in _awaitingStorage.Concat(_waiters.ReplyTos).Concat(_stopWaiters.Select(w => w.ReplyTo)).Append(_drainRequester ?? ActorRefs.Nobody).Distinct())
        {
            waiting.Tell(unavailable);
        }
        _meters.Dispose();
        base.PostStop();
    }
}
