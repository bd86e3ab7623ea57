using System.Collections.Immutable;

namespace QueueCtl.Actors.Domain;

/// <summary>A stored snapshot: the queue's data without its indexes (runnable order, running set, due times, dependants), which are rebuilt on load.</summary>
public sealed record QueueSnapshot(
    ImmutableArray<Job> Jobs,
    ImmutableSortedDictionary<string, string> ConfigOverrides,
    int WorkerCount,
    long LastSequence);

public sealed partial record QueueState
{
    public QueueSnapshot ToSnapshot() =>
        new(Jobs.Values.OrderBy(j => j.Sequence).ToImmutableArray(), ConfigOverrides, WorkerCount, LastSequence);

    public static QueueState FromSnapshot(QueueSnapshot snapshot, QueueSettings defaults)
    {
        var jobs = snapshot.Jobs.ToImmutableDictionary(j => j.Id);
        var state = Empty(defaults).ApplyConfig(snapshot.ConfigOverrides) with
        {
            Jobs = jobs,
            Runnable = snapshot.Jobs.Where(j => IsRunnable(j, jobs)).Select(PendingKey.Of).ToImmutableSortedSet(),
            Dependants = WithDependants(ImmutableDictionary<string, ImmutableList<string>>.Empty, snapshot.Jobs),
            Due = snapshot.Jobs.Select(DueKey.Of).OfType<DueKey>().ToImmutableSortedSet(),
            Running = snapshot.Jobs.Where(j => j.State == JobState.Processing).Select(j => j.Id).ToImmutableHashSet(),
            WorkerCount = snapshot.WorkerCount,
            LastSequence = snapshot.LastSequence,
        };
        return state;
    }
}
