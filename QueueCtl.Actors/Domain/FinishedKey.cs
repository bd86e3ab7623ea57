namespace QueueCtl.Actors.Domain;

/// <summary>
/// Orders finished (completed and dead) jobs by state, then by when they finished, then by enqueue order: retention and
/// <c>clean</c> read each state's oldest first and stop at the first one too young.
/// </summary>
internal readonly record struct FinishedKey(JobState State, DateTimeOffset At, long Sequence, string Id) : IComparable<FinishedKey>
{
    /// <summary>The key of a finished job, or null for one that is not finished.</summary>
    public static FinishedKey? Of(Job job) => job.State.IsFinished() ? new(job.State, job.UpdatedAt, job.Sequence, job.Id) : null;

    /// <summary>A key before every finished job of <paramref name="state"/>.</summary>
    public static FinishedKey FirstOf(JobState state) => new(state, DateTimeOffset.MinValue, long.MinValue, "");

    public int CompareTo(FinishedKey other)
    {
        // As numbers: Enum.CompareTo takes an object, and boxing both made a restart's sort of 100,000 keys take 0.25 s.
        var byState = ((int)State).CompareTo((int)other.State);
        if (byState != 0)
        {
            return byState;
        }
        var byTime = At.UtcTicks.CompareTo(other.At.UtcTicks);
        return byTime != 0 ? byTime : Sequence.CompareTo(other.Sequence);
    }
}
