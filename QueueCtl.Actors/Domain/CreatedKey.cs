namespace QueueCtl.Actors.Domain;

/// <summary>
/// Orders every job by enqueue sequence: <c>list</c> pages through this order by position (an offset is one lookup), and new
/// jobs always go at its end.
/// </summary>
internal readonly record struct CreatedKey(long Sequence, string Id) : IComparable<CreatedKey>
{
    public static CreatedKey Of(Job job) => new(job.Sequence, job.Id);

    public int CompareTo(CreatedKey other) => Sequence.CompareTo(other.Sequence);
}
