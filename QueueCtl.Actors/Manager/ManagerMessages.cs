using QueueCtl.Actors.Domain;

namespace QueueCtl.Actors.Manager;

// Messages between the queue manager, the worker router and the workers. Local only: never serialized.

/// <summary>
/// Manager → worker: run this attempt. Sent only after its <see cref="JobStarted"/> is stored, straight to an idle
/// worker, or through the router, which starts a new worker and forwards it; either way the manager is its sender.
/// </summary>
internal sealed record RunJob(string JobId, string Command, int Attempt, string LogPath, TimeSpan? Timeout);

/// <summary>Worker → manager (the sender of its <see cref="RunJob"/>): how the attempt ended; the worker is idle again.</summary>
internal sealed record JobRunFinished(string JobId, int Attempt, RunOutcome Outcome);

/// <summary>Manager → router → every worker: kill the running job's process tree; each reports <see cref="RunOutcome.Interrupted"/>.</summary>
internal sealed record InterruptRuns(string Reason);

/// <summary>A failed job's retry timer (Akka scheduler) fired.</summary>
internal sealed record RetryTimerFired(string JobId);

/// <summary>After recovery: survivors of a crashed host have been killed; dispatching may begin.</summary>
internal sealed record SurvivorsSwept(int Killed);

/// <summary>Coordinated shutdown → manager: stop dispatching, give running jobs the grace period, then interrupt them.</summary>
public sealed record DrainForShutdown(TimeSpan Grace);

/// <summary>The reply to <see cref="DrainForShutdown"/>: nothing runs any more and every event is stored.</summary>
public sealed record Drained
{
    public static readonly Drained Instance = new();
}

/// <summary>The shutdown grace period ran out.</summary>
internal sealed record GraceExpired
{
    public static readonly GraceExpired Instance = new();
}
