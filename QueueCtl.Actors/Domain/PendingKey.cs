namespace QueueCtl.Actors.Domain;

/// <summary>Orders runnable jobs: higher priority first, then enqueue order.</summary>
internal readonly record struct PendingKey(int Priority, long Sequence, string Id) : IComparable<PendingKey>
{
    public static PendingKey Of(Job job) => new(job.Priority, job.Sequence, job.Id);

    public int CompareTo(PendingKey other)
    {
        var byPriority = other.Priority.CompareTo(Priority);
        return byPriority != 0 ? byPriority : Sequence.CompareTo(other.Sequence);
    }
}
