using System.Collections.Immutable;
using QueueCtl.Actors.Protocol;

namespace QueueCtl.Actors.Domain;

// Inputs to QueueState.Decide that come from inside the host, not from a client.

/// <summary>Start pending jobs while fewer than the configured number run.</summary>
public sealed record StartNextJobs
{
    public static readonly StartNextJobs Instance = new();
}

/// <summary>A worker reports how the run of <see cref="Attempt"/> ended.</summary>
public sealed record RecordRunOutcome(string JobId, int Attempt, RunOutcome Outcome);

/// <summary>
/// The due timer fired: every failed job whose retry time has come and every scheduled job whose run_at has come
/// becomes runnable. An early or stale timer changes nothing.
/// </summary>
public sealed record ReleaseDueJobs
{
    public static readonly ReleaseDueJobs Instance = new();
}

/// <summary>
/// After recovery: every job still marked processing, except the <see cref="Held"/> ones a live worker still runs, was
/// cut off. <see cref="Counted"/> is false where the host's own fault lost the run (a restart of the queue manager).
/// </summary>
public sealed record InterruptRunningJobs(string Reason, bool Counted = true)
{
    /// <summary>Jobs a worker reported still running: not interrupted.</summary>
    public ImmutableHashSet<string> Held { get; init; } = ImmutableHashSet<string>.Empty;
}

/// <summary>
/// Forget finished jobs: by the retention settings when <see cref="Clean"/> is null (the due timer, or more finished jobs
/// than kept), or as a client's <c>queuectl clean</c> asks. <see cref="Watched"/> are the jobs clients wait for or follow
/// the output of: kept until they are done.
/// </summary>
public sealed record ForgetFinishedJobs(CleanJobs? Clean, IReadOnlySet<string> Watched);
