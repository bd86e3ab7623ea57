using System.Text.Json.Serialization;
using System.Collections.Immutable;

namespace QueueCtl.Actors.Domain;

/// <summary>
/// A stored snapshot: the queue's data without its indexes (runnable order, running set, due times, dependants), which are
/// rebuilt on load. <see cref="WorkerCount"/> is the default queue's; <see cref="QueueWorkers"/> the other queues' (left
/// out while there are none, as in snapshots from before named queues). <see cref="Schedules"/> is absent from snapshots
/// stored before recurring schedules, and reads as none.
/// </summary>
public sealed record QueueSnapshot(
    ImmutableArray<Job> Jobs,
    ImmutableSortedDictionary<string, string> ConfigOverrides,
    int WorkerCount,
    long LastSequence,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ImmutableSortedDictionary<string, int>? QueueWorkers = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] ImmutableArray<string> PausedQueues = default,
    ImmutableArray<RecurringSchedule> Schedules = default);

public sealed partial record QueueState
{
    public QueueSnapshot ToSnapshot()
    {
        var others = WorkerCounts.Remove(QueueNames.Default);
        return new(Jobs.Values.OrderBy(j => j.Sequence).ToImmutableArray(), ConfigOverrides, WorkersOf(QueueNames.Default), LastSequence,
            others.IsEmpty ? null : others, PausedQueues.IsEmpty ? default : [.. PausedQueues], [.. Schedules.Values]);
    }

    public static QueueState FromSnapshot(QueueSnapshot snapshot, QueueSettings defaults)
    {
        var jobs = snapshot.Jobs.ToImmutableDictionary(j => j.Id);
        var workerCounts = (snapshot.QueueWorkers ?? ImmutableSortedDictionary<string, int>.Empty).SetItem(QueueNames.Default, snapshot.WorkerCount);
        workerCounts = workerCounts.RemoveRange(workerCounts.Where(q => q.Value == 0).Select(q => q.Key).ToList());
        var state = Empty(defaults).ApplyConfig(snapshot.ConfigOverrides) with
        {
            Jobs = jobs,
            Created = snapshot.Jobs.Select(CreatedKey.Of).ToImmutableSortedSet(),
            Finished = snapshot.Jobs.Select(FinishedKey.Of).OfType<FinishedKey>().ToImmutableSortedSet(),
            Counts = JobCounts.Of(snapshot.Jobs),
            CountsByQueue = snapshot.Jobs.GroupBy(j => j.Queue).ToImmutableDictionary(g => g.Key, JobCounts.Of),
            Runnable = snapshot.Jobs.Where(j => IsRunnable(j, jobs)).Select(PendingKey.Of).ToImmutableSortedSet(),
            Dependants = WithDependants(ImmutableDictionary<string, ImmutableList<string>>.Empty, snapshot.Jobs),
            Due = snapshot.Jobs.Select(DueKey.Of).OfType<DueKey>().ToImmutableSortedSet(),
            Running = snapshot.Jobs.Where(j => j.State == JobState.Processing).Select(j => j.Id).ToImmutableHashSet(),
            WorkerCounts = workerCounts,
            WorkerCount = workerCounts.Values.Sum(),
            BusyByQueue = snapshot.Jobs.Where(j => j.State == JobState.Processing).GroupBy(j => j.Queue)
                .ToImmutableDictionary(g => g.Key, g => g.Count()),
            PausedQueues = snapshot.PausedQueues.IsDefault ? ImmutableSortedSet<string>.Empty : [.. snapshot.PausedQueues],
            LastSequence = snapshot.LastSequence,
            Schedules = LoadSchedules(snapshot.Schedules),
        };
        return state;
    }
}
