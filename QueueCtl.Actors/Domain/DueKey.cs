namespace QueueCtl.Actors.Domain;

/// <summary>
/// Orders the jobs that wait for a time: a failed job for its <see cref="Job.NextAttemptAt"/>, a scheduled job for its
/// <see cref="Job.RunAt"/>. Earliest first, then enqueue order; the queue manager keeps one timer for the first.
/// </summary>
internal readonly record struct DueKey(DateTimeOffset At, long Sequence, string Id) : IComparable<DueKey>
{
    /// <summary>The key of a job that waits for a time, or null for one that does not.</summary>
    public static DueKey? Of(Job job) => job switch
    {
        { State: JobState.Failed, NextAttemptAt: { } next } => new DueKey(next, job.Sequence, job.Id),
        { WaitsForRunAt: true } => new DueKey(job.RunAt, job.Sequence, job.Id),
        _ => null,
    };

    public int CompareTo(DueKey other)
    {
        var byTime = At.UtcTicks.CompareTo(other.At.UtcTicks);
        return byTime != 0 ? byTime : Sequence.CompareTo(other.Sequence);
    }
}
