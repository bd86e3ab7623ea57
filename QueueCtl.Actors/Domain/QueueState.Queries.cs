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

    /// <summary>Failed jobs waiting for their retry.</summary>
    public IEnumerable<Job> AwaitingRetry() => Jobs.Values.Where(j => j.State == JobState.Failed);

    /// <summary>
    /// Pending jobs that wait for their run_at (<c>queuectl status</c> counts them apart), and the earliest run_at among
    /// them. Reads only the jobs that wait for a time.
    /// </summary>
    public (int Count, DateTimeOffset? Next) Scheduled()
    {
        var count = 0;
        DateTimeOffset? next = null;
        foreach (var key in Due)
        {
            if (Jobs[key.Id].State == JobState.Pending)
            {
                count++;
                next ??= key.At;
            }
        }
        return (count, next);
    }
}
