using System.Collections.Immutable;
using QueueCtl.Actors.Protocol;

namespace QueueCtl.Actors.Domain;

/// <summary>
/// The whole queue as pure, immutable data. <see cref="Decide"/> turns a command into events and a reply
/// without changing anything; <see cref="Apply"/> folds one event into the next state. No clock, no I/O:
/// <c>now</c> is an argument, so a test drives the state machine of spec 2.1 in microseconds.
/// </summary>
public sealed partial record QueueState
{
    /// <summary>A job interrupted more often than this goes to the DLQ (spec 4).</summary>
    public const int MaxInterruptions = 3;

    /// <summary>The most workers one host runs.</summary>
    public const int MaxWorkers = 256;

    public ImmutableDictionary<string, Job> Jobs { get; private init; } = ImmutableDictionary<string, Job>.Empty;

    /// <summary>Every job in enqueue order (<c>list</c> pages through it).</summary>
    internal ImmutableSortedSet<CreatedKey> Created { get; private init; } = ImmutableSortedSet<CreatedKey>.Empty;

    /// <summary>How many jobs are in each state, kept as they change: <c>status</c> reads this, not every job.</summary>
    public JobCounts Counts { get; private init; }

    /// <summary>The same per queue; a queue no job is in is not listed.</summary>
    internal ImmutableDictionary<string, JobCounts> CountsByQueue { get; private init; } = ImmutableDictionary<string, JobCounts>.Empty;

    /// <summary>Pending jobs in the order they will start.</summary>
    internal ImmutableSortedSet<PendingKey> Runnable { get; private init; } = ImmutableSortedSet<PendingKey>.Empty;

    /// <summary>
    /// Jobs that wait for a time, earliest first: failed jobs for their retry, scheduled jobs for their run_at. Only
    /// <see cref="ReleaseDueJobs"/> moves them on; the manager arms one timer for <see cref="NextDueAt"/>.
    /// </summary>
    internal ImmutableSortedSet<DueKey> Due { get; private init; } = ImmutableSortedSet<DueKey>.Empty;

    /// <summary>Ids of the jobs in <see cref="JobState.Processing"/>.</summary>
    public ImmutableHashSet<string> Running { get; private init; } = ImmutableHashSet<string>.Empty;

    public QueueSettings Defaults { get; private init; }

    /// <summary>What <c>config set</c> changed, by canonical key; applied over <see cref="Defaults"/>.</summary>
    public ImmutableSortedDictionary<string, string> ConfigOverrides { get; private init; } = ImmutableSortedDictionary<string, string>.Empty;

    public QueueSettings Settings { get; private init; }

    /// <summary>The worker pool size, every queue's workers together; 0 (no workers) on a fresh queue until <c>worker start</c>.</summary>
    public int WorkerCount { get; private init; }

    /// <summary>The enqueue sequence of the newest job.</summary>
    public long LastSequence { get; private init; }

    private QueueState(QueueSettings defaults)
    {
        Defaults = defaults;
        Settings = defaults;
    }

    public static QueueState Empty(QueueSettings defaults) => new(defaults);

    public Job? Find(string jobId) => Jobs.GetValueOrDefault(jobId);

    /// <summary>The next job a free worker takes, if any.</summary>
    public Job? NextRunnable() => Runnable.Count == 0 ? null : Jobs[Runnable.Min.Id];

    public int RunnableCount => Runnable.Count;

    /// <summary>When the earliest retry, run_at or schedule firing is due, or null when nothing waits for a time.</summary>
    public DateTimeOffset? NextDueAt => Earlier(Due.Count == 0 ? null : Due.Min.At, NextFiringAt);
}
