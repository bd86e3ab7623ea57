using System.Text.Json.Serialization;
using System.Collections.Immutable;
using MemoryPack;

namespace QueueCtl.Actors.Domain;

/// <summary>
/// A stored snapshot: the queue's data without its indexes (runnable order, running set, due times, dependants), which are
/// rebuilt on load. <see cref="WorkerCount"/> is the default queue's; <see cref="QueueWorkers"/> the other queues' (left
/// out while there are none, as in snapshots from before named queues). <see cref="Schedules"/> is absent from snapshots
/// stored before recurring schedules, and reads as none.
/// </summary>
[MemoryPackable]
public sealed partial record QueueSnapshot(
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

    /// <summary>
    /// The state a snapshot stored, its indexes rebuilt in one pass over the jobs. The job dictionary, the largest of them,
    /// is built on a second core meanwhile (<see cref="Parallel.Invoke(Action[])"/>): a restart of a queue that keeps
    /// 100,000 jobs waits for this.
    /// </summary>
    public static QueueState FromSnapshot(QueueSnapshot snapshot, QueueSettings defaults)
    {
        ImmutableDictionary<string, Job> jobs = null!;
        var created = new List<CreatedKey>(snapshot.Jobs.Length);
        var finished = new List<FinishedKey>();
        var due = new List<DueKey>();
        var pending = new List<Job>();
        var running = new List<Job>();
        var counts = default(JobCounts);
        var countsByQueue = new Dictionary<string, JobCounts>(StringComparer.Ordinal);
        Parallel.Invoke(
            () => jobs = snapshot.Jobs.ToImmutableDictionary(j => j.Id),
            () =>
            {
                foreach (var job in snapshot.Jobs)
                {
                    created.Add(CreatedKey.Of(job));
                    counts = counts.Add(job.State, 1);
                    countsByQueue[job.Queue] = countsByQueue.GetValueOrDefault(job.Queue).Add(job.State, 1);
                    if (FinishedKey.Of(job) is { } finishedKey)
                    {
                        finished.Add(finishedKey);
                    }
                    else if (DueKey.Of(job) is { } dueKey)
                    {
                        due.Add(dueKey);
                    }
                    if (job.State == JobState.Pending)
                    {
                        pending.Add(job);
                    }
                    else if (job.State == JobState.Processing)
                    {
                        running.Add(job);
                    }
                }
            });
        var workerCounts = (snapshot.QueueWorkers ?? ImmutableSortedDictionary<string, int>.Empty).SetItem(QueueNames.Default, snapshot.WorkerCount);
        workerCounts = workerCounts.RemoveRange(workerCounts.Where(q => q.Value == 0).Select(q => q.Key).ToList());
        return Empty(defaults).ApplyConfig(snapshot.ConfigOverrides) with
        {
            Jobs = jobs,
            Created = [.. created],
            Finished = [.. finished],
            Counts = counts,
            CountsByQueue = countsByQueue.ToImmutableDictionary(StringComparer.Ordinal),
            Runnable = pending.Where(j => IsRunnable(j, jobs)).Select(PendingKey.Of).ToImmutableSortedSet(),
            Dependants = WithDependants(ImmutableDictionary<string, ImmutableList<string>>.Empty, snapshot.Jobs.Where(j => !j.DependsOn.IsDefaultOrEmpty)),
            Due = [.. due],
            Running = running.Select(j => j.Id).ToImmutableHashSet(),
            WorkerCounts = workerCounts,
            WorkerCount = workerCounts.Values.Sum(),
            BusyByQueue = running.GroupBy(j => j.Queue).ToImmutableDictionary(g => g.Key, g => g.Count()),
            PausedQueues = snapshot.PausedQueues.IsDefault ? ImmutableSortedSet<string>.Empty : [.. snapshot.PausedQueues],
            LastSequence = snapshot.LastSequence,
            Schedules = LoadSchedules(snapshot.Schedules),
        };
    }
}
