using System.Collections.Immutable;

namespace QueueCtl.Actors.Domain;

public sealed partial record QueueState
{
    /// <summary>How many jobs are in each state; every state is present.</summary>
    public ImmutableSortedDictionary<string, int> CountByState()
    {
        var counts = new int[Enum.GetValues<JobState>().Length];
        foreach (var job in Jobs.Values)
        {
            counts[(int)job.State]++;
        }
        return Enum.GetValues<JobState>().ToImmutableSortedDictionary(s => s.ToWire(), s => counts[(int)s]);
    }

    /// <summary>Jobs newest first, optionally only those in <paramref name="state"/>; the count is of all that match.</summary>
    public (ImmutableArray<Job> Jobs, int Matching) List(JobState? state, int limit)
    {
        var matching = Jobs.Values.Where(j => state is null || j.State == state).ToList();
        var newest = matching.OrderByDescending(j => j.Sequence).Take(Math.Max(0, limit)).ToImmutableArray();
        return (newest, matching.Count);
    }

    /// <summary>Failed jobs waiting for their retry timer; re-armed after recovery.</summary>
    public IEnumerable<Job> AwaitingRetry() => Jobs.Values.Where(j => j.State == JobState.Failed);
}
