namespace QueueCtl.Actors.Domain;

/// <summary>
/// Orders runnable jobs: by queue, then higher priority first, then enqueue order. One sorted set holds every queue's
/// runnable jobs, each queue's a contiguous run found by <see cref="FirstOf"/>, so a start looks only at its own queue.
/// </summary>
internal readonly record struct PendingKey(int Priority, long Sequence, string Id, string Queue = QueueNames.Default) : IComparable<PendingKey>
{
    public static PendingKey Of(Job job) => new(job.Priority, job.Sequence, job.Id, job.Queue);

    /// <summary>A key before every job of <paramref name="queue"/> and after every job of the queues before it.</summary>
    public static PendingKey FirstOf(string queue) => new(int.MaxValue, long.MinValue, "", queue);

    public int CompareTo(PendingKey other)
    {
        // Queue names are compared only when they differ: most jobs share the default queue's one string.
        var byQueue = ReferenceEquals(Queue, other.Queue) ? 0 : string.CompareOrdinal(Queue, other.Queue);
        if (byQueue != 0)
        {
            return byQueue;
        }
        var byPriority = other.Priority.CompareTo(Priority);
        return byPriority != 0 ? byPriority : Sequence.CompareTo(other.Sequence);
    }
}
