using System.Collections.Immutable;
using QueueCtl.Actors.Protocol;

namespace QueueCtl.Actors.Domain;

/// <summary>
/// Named queues: each with its own worker count (<c>worker start --queue NAME --count N</c>), paused or not. A queue
/// exists as soon as something names it; the default queue always does. Jobs of a queue are started only by its own
/// workers, in its own priority and enqueue order.
/// </summary>
public sealed partial record QueueState
{
    /// <summary>How many jobs of each queue may run at once; a queue not listed has none.</summary>
    public ImmutableSortedDictionary<string, int> WorkerCounts { get; private init; } = ImmutableSortedDictionary<string, int>.Empty;

    /// <summary>How many jobs of each queue run now; a queue not listed runs none.</summary>
    internal ImmutableDictionary<string, int> BusyByQueue { get; private init; } = ImmutableDictionary<string, int>.Empty;

    /// <summary>Queues that start no new job (<c>queue pause</c>).</summary>
    public ImmutableSortedSet<string> PausedQueues { get; private init; } = ImmutableSortedSet<string>.Empty;

    public int WorkersOf(string queue) => WorkerCounts.GetValueOrDefault(queue);

    public int BusyIn(string queue) => BusyByQueue.GetValueOrDefault(queue);

    /// <summary>Every queue: the default one, those with workers or paused, and those any job is in. Reads the kept counts.</summary>
    public ImmutableArray<QueueView> Queues() =>
        CountsByQueue.Keys.Concat(WorkerCounts.Keys).Concat(PausedQueues).Append(QueueNames.Default)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(name => new QueueView(
                name,
                CountsByQueue.GetValueOrDefault(name).ByWireName(),
                WorkersOf(name),
                BusyIn(name),
                PausedQueues.Contains(name)))
            .ToImmutableArray();

    private Decision DecideWorkerCount(string? queue, int count, DateTimeOffset now)
    {
        if (queue is not null && QueueNames.Problem(queue) is { } problem)
        {
            return Reject(RejectionKind.InvalidInput, $"{problem}; {QueueNames.Rule}");
        }
        var name = QueueNames.Of(queue);
        var view = new WorkersView(count, BusyIn(name));
        return count == WorkersOf(name) ? Decision.ReplyOnly(view) : Accept(new WorkerCountSet(count, now, queue), view);
    }

    /// <summary><c>worker stop</c> without a queue stops every queue's workers.</summary>
    private Decision DecideStopAll(DateTimeOffset now)
    {
        var events = WorkerCounts.Where(q => q.Value > 0)
            .Select(q => (IQueueEvent)new WorkerCountSet(0, now, q.Key == QueueNames.Default ? null : q.Key))
            .ToImmutableArray();
        return new Decision(events, new WorkersView(0, Running.Count));
    }

    private Decision DecidePause(string? queue, bool pause, DateTimeOffset now)
    {
        if (QueueNames.Problem(queue) is { } problem)
        {
            return Reject(RejectionKind.InvalidInput, $"{problem}; {QueueNames.Rule}");
        }
        var name = queue!;
        IQueueEvent? change = PausedQueues.Contains(name) == pause ? null : pause ? new QueuePaused(name, now) : new QueueResumed(name, now);
        var after = change is null ? this : Apply(change);
        var reply = new QueueList([after.Queues().SingleOrDefault(q => q.Name == name) ?? new QueueView(name,
            default(JobCounts).ByWireName(), 0, 0, Paused: false)]);
        return change is null ? Decision.ReplyOnly(reply) : Accept(change, reply);
    }

    private QueueState ApplyWorkerCount(WorkerCountSet e)
    {
        var name = QueueNames.Of(e.Queue);
        var counts = e.Count == 0 ? WorkerCounts.Remove(name) : WorkerCounts.SetItem(name, e.Count);
        return this with { WorkerCounts = counts, WorkerCount = counts.Values.Sum() };
    }

    /// <summary>The pending jobs of <paramref name="queue"/> in the order they start.</summary>
    private IEnumerable<PendingKey> RunnableIn(string queue) =>
        SortedRange.From(Runnable, PendingKey.FirstOf(queue), key => string.Equals(key.Queue, queue, StringComparison.Ordinal));

    private static ImmutableDictionary<string, int> CountRunning(ImmutableDictionary<string, int> busy, string queue, int change)
    {
        var count = busy.GetValueOrDefault(queue) + change;
        return count == 0 ? busy.Remove(queue) : busy.SetItem(queue, count);
    }
}
