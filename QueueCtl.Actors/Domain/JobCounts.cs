using System.Collections.Immutable;

namespace QueueCtl.Actors.Domain;

/// <summary>
/// How many jobs are in each state, kept as jobs change (<see cref="QueueState.Counts"/>) so <c>queuectl status</c> and
/// <c>queue list</c> read them instead of counting every job.
/// </summary>
public readonly record struct JobCounts(int Pending, int Processing, int Completed, int Failed, int Dead)
{
    public int this[JobState state] => state switch
    {
        JobState.Pending => Pending,
        JobState.Processing => Processing,
        JobState.Completed => Completed,
        JobState.Failed => Failed,
        JobState.Dead => Dead,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    public int Total => Pending + Processing + Completed + Failed + Dead;

    public JobCounts Add(JobState state, int count) => state switch
    {
        JobState.Pending => this with { Pending = Pending + count },
        JobState.Processing => this with { Processing = Processing + count },
        JobState.Completed => this with { Completed = Completed + count },
        JobState.Failed => this with { Failed = Failed + count },
        JobState.Dead => this with { Dead = Dead + count },
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    /// <summary>One job moved from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public JobCounts Move(JobState from, JobState to) => from == to ? this : Add(from, -1).Add(to, 1);

    /// <summary>Every state by its wire name, as <c>status</c> and <c>queue list</c> show them.</summary>
    public ImmutableSortedDictionary<string, int> ByWireName()
    {
        var counts = this;
        return Enum.GetValues<JobState>().ToImmutableSortedDictionary(s => s.ToWire(), s => counts[s]);
    }

    public static JobCounts Of(IEnumerable<Job> jobs)
    {
        var counts = default(JobCounts);
        foreach (var job in jobs)
        {
            counts = counts.Add(job.State, 1);
        }
        return counts;
    }
}
