using System.Collections.Immutable;
using QueueCtl.Actors.Protocol;

namespace QueueCtl.Actors.Domain;

public sealed partial record QueueState
{
    /// <summary>How many jobs are in each state; every state is present. Kept, not counted.</summary>
    public ImmutableSortedDictionary<string, int> CountByState() => Counts.ByWireName();

    /// <summary>
    /// One page of <c>list</c>: the jobs that match <paramref name="query"/>'s state and text, in its order, from its
    /// offset; and how many match in all. In enqueue order (newest or oldest first) without a text to look for, a page
    /// costs its offset's lookup plus the jobs it reads; with one, or in another order, every job is read.
    /// </summary>
    public (ImmutableArray<Job> Jobs, int Matching) List(ListJobs query)
    {
        var limit = Math.Max(0, query.Limit);
        var offset = Math.Max(0, query.Offset);
        var grep = string.IsNullOrEmpty(query.Grep) ? null : query.Grep;
        bool Matches(Job job) => (query.State is null || job.State == query.State) && (grep is null || job.Command.Contains(grep, StringComparison.Ordinal));
        switch (query.Order)
        {
            case JobOrder.Newest or JobOrder.Created when grep is null && query.State is null:
                var page = ImmutableArray.CreateBuilder<Job>(Math.Clamp(Created.Count - offset, 0, limit));
                for (var i = offset; i < Created.Count && page.Count < limit; i++)
                {
                    page.Add(Jobs[Created[query.Order == JobOrder.Newest ? Created.Count - 1 - i : i].Id]);
                }
                return (page.MoveToImmutable(), Created.Count);
            case JobOrder.Newest or JobOrder.Created:
                var inOrder = query.Order == JobOrder.Newest ? Created.Reverse() : Created;
                var matching = 0;
                var found = ImmutableArray.CreateBuilder<Job>();
                foreach (var key in inOrder)
                {
                    var job = Jobs[key.Id];
                    if (Matches(job) && matching++ >= offset && found.Count < limit)
                    {
                        found.Add(job);
                    }
                }
                return (found.ToImmutable(), matching);
            default:
                var all = Jobs.Values.Where(Matches).ToList();
                var sorted = query.Order == JobOrder.Updated
                    ? all.OrderByDescending(j => j.UpdatedAt).ThenByDescending(j => j.Sequence)
                    : all.OrderByDescending(j => j.Priority).ThenBy(j => j.Sequence);
                return (sorted.Skip(offset).Take(limit).ToImmutableArray(), all.Count);
        }
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
