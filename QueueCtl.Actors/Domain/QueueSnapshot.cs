using System.Collections.Immutable;

namespace QueueCtl.Actors.Domain;

/// <summary>
/// A stored snapshot: the queue's data without its indexes (runnable order, running set, due times), which are rebuilt on
/// load. <see cref="Schedules"/> is absent from snapshots stored before recurring schedules, and reads as none.
/// </summary>
public sealed record QueueSnapshot(
    ImmutableArray<Job> Jobs,
    ImmutableSortedDictionary<string, string> ConfigOverrides,
    int WorkerCount,
    long LastSequence,
    ImmutableArray<RecurringSchedule> Schedules = default);

public sealed partial record QueueState
{
    public QueueSnapshot ToSnapshot() =>
        new(Jobs.Values.OrderBy(j => j.Sequence).ToImmutableArray(), ConfigOverrides, WorkerCount, LastSequence, [.. Schedules.Values]);

    public static QueueState FromSnapshot(QueueSnapshot snapshot, QueueSettings defaults)
    {
        var jobs = snapshot.Jobs.ToImmutableDictionary(j => j.Id);
        var state = Empty(defaults).ApplyConfig(snapshot.ConfigOverrides) with
        {
            Jobs = jobs,
            Runnable = snapshot.Jobs.Where(j => j.State == JobState.Pending && !j.WaitsForRunAt).Select(PendingKey.Of).ToImmutableSortedSet(),
            Due = snapshot.Jobs.Select(DueKey.Of).OfType<DueKey>().ToImmutableSortedSet(),
            Running = snapshot.Jobs.Where(j => j.State == JobState.Processing).Select(j => j.Id).ToImmutableHashSet(),
            WorkerCount = snapshot.WorkerCount,
            LastSequence = snapshot.LastSequence,
            Schedules = LoadSchedules(snapshot.Schedules),
        };
        return state;
    }
}
