using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace QueueCtl.Actors.Domain;

/// <summary>
/// A stored event. Names are past tense and stable: the journal outlives the code, and the serializer
/// writes each under a fixed manifest (see Serialization/). Every event says when and, where a person
/// would ask, why.
/// </summary>
public interface IQueueEvent
{
    DateTimeOffset At { get; }
}

/// <summary>
/// <c>queuectl enqueue</c>: one event per call, however many jobs it carries (bulk is one write). A job whose
/// <see cref="NewJob.RunAt"/> is after <see cref="At"/> waits for it (see <see cref="ScheduledJobsDue"/>); the due time is
/// part of this event, so a scheduled job keeps its time across restarts.
/// </summary>
public sealed record JobsEnqueued(ImmutableArray<NewJob> Jobs, DateTimeOffset At) : IQueueEvent;

/// <summary>A worker slot was given the job; stored before the worker receives it. Attempts + 1.</summary>
public sealed record JobStarted(string JobId, int Attempt, DateTimeOffset At) : IQueueEvent;

public sealed record JobCompleted(string JobId, int ExitCode, DateTimeOffset At) : IQueueEvent;

/// <summary>The attempt failed and a retry is due at <see cref="NextAttemptAt"/> (re-armed after recovery).</summary>
public sealed record JobFailed(string JobId, int? ExitCode, string Reason, DateTimeOffset NextAttemptAt, DateTimeOffset At) : IQueueEvent;

/// <summary>
/// The job moved to the dead-letter queue. <see cref="Dependency"/> is set when it went because a job it depends on ended
/// dead: <c>dlq retry</c> of that one brings it back (left out when null, so other deaths are stored as before).
/// </summary>
public sealed record JobDied(
    string JobId,
    int? ExitCode,
    string Reason,
    DateTimeOffset At,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Dependency = null) : IQueueEvent;

/// <summary>
/// <c>queuectl cancel</c> of a running job: its process group is being killed, and whatever its run's outcome, the job
/// ends dead with reason "canceled" (<see cref="JobDied"/>). Stored first, so a crash meanwhile does not run it again.
/// </summary>
public sealed record JobCancelRequested(string JobId, DateTimeOffset At) : IQueueEvent;

/// <summary>A failed job's retry timer fired: back to pending.</summary>
public sealed record JobRetryDue(string JobId, DateTimeOffset At) : IQueueEvent;

/// <summary>
/// The due timer fired and these scheduled jobs' run_at has come: they are runnable now, in priority and enqueue order
/// with the others. One event for every job that came due at once, however many.
/// </summary>
public sealed record ScheduledJobsDue(ImmutableArray<string> JobIds, DateTimeOffset At) : IQueueEvent;

/// <summary>
/// The run did not end by itself (host stopped or crashed, a worker failed): back to pending without spending a retry.
/// <see cref="Counted"/> interruptions count toward <see cref="QueueState.MaxInterruptions"/>, past which a
/// <see cref="JobDied"/> follows; one the host caused by a fault of its own (a worker that crashed, a manager that
/// lost a run's outcome while it restarted) is not counted against the job. Events stored before this field existed
/// read as counted.
/// </summary>
public sealed record JobInterrupted(string JobId, string Reason, DateTimeOffset At, bool Counted = true) : IQueueEvent;

/// <summary><c>queuectl dlq retry</c>: dead back to pending, attempts reset to 0.</summary>
public sealed record DeadJobRetried(string JobId, DateTimeOffset At) : IQueueEvent;

/// <summary><c>queuectl config set</c>. Key is normalized, value validated.</summary>
public sealed record ConfigChanged(string Key, string Value, DateTimeOffset At) : IQueueEvent;

/// <summary>
/// <c>queuectl worker start [--queue NAME] --count N</c> / <c>worker stop</c> (0): how many jobs of <see cref="Queue"/> run
/// at once (null, left out: the default queue, as before queues had names). Remembered across restarts.
/// </summary>
public sealed record WorkerCountSet(
    int Count,
    DateTimeOffset At,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Queue = null) : IQueueEvent;

/// <summary><c>queuectl queue pause NAME</c>: no job of the queue starts until <see cref="QueueResumed"/>.</summary>
public sealed record QueuePaused(string Queue, DateTimeOffset At) : IQueueEvent;

/// <summary><c>queuectl queue resume NAME</c>.</summary>
public sealed record QueueResumed(string Queue, DateTimeOffset At) : IQueueEvent;

/// <summary>
/// Finished jobs forgotten: their records go, and the host deletes their logs. <see cref="Reason"/> says which rule or
/// command did it (<c>retention: completed more than 7d ago (keep-completed-for)</c>, <c>queuectl clean --all</c>), so the
/// journal tells where a job went. At most <see cref="QueueState.MaxForgottenPerEvent"/> ids each.
/// </summary>
public sealed record JobsForgotten(ImmutableArray<string> JobIds, string Reason, DateTimeOffset At) : IQueueEvent;
