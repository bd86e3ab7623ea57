using System.Collections.Immutable;

namespace QueueCtl.Actors.Domain;

/// <summary>
/// Spec 2 <c>depends_on</c>: a job starts only once every job it names is completed. The checks that need no queue
/// (how many, well-formed, not itself) and the cycle search over one enqueue's jobs; the queue checks the rest (that each
/// exists and is not dead) in <see cref="QueueState"/>. A job may name jobs enqueued before it or in the same input, so a
/// cycle can only be among the jobs of one enqueue.
/// </summary>
public static class JobDependencies
{
    /// <summary>A job that waits for more jobs than this is better served by a job that waits for one that waits for them.</summary>
    public const int MaxPerJob = 100;

    /// <summary>What a dependency may be, for the messages that refuse one.</summary>
    public const string Rule = "name jobs enqueued before it or in the same input, at most 100, not the job itself";

    /// <summary>Why <paramref name="dependsOn"/> cannot be the dependencies of <paramref name="jobId"/>, or null.</summary>
    public static string? Problem(string jobId, ImmutableArray<string> dependsOn)
    {
        if (dependsOn.IsDefaultOrEmpty)
        {
            return null;
        }
        if (dependsOn.Length > MaxPerJob)
        {
            return $"depends on {dependsOn.Length} jobs; at most {MaxPerJob} are allowed";
        }
        foreach (var id in dependsOn)
        {
            if (JobIds.Problem(id) is { } idProblem)
            {
                return $"has a dependency that is not a job id: {idProblem}";
            }
            if (id == jobId)
            {
                return "depends on itself";
            }
        }
        return null;
    }

    /// <summary>The dependencies once each, in the order first given; the empty array for none.</summary>
    public static ImmutableArray<string> Distinct(ImmutableArray<string> dependsOn) =>
        dependsOn.IsDefaultOrEmpty ? ImmutableArray<string>.Empty
        : dependsOn.Distinct(StringComparer.Ordinal).Count() == dependsOn.Length ? dependsOn
        : dependsOn.Distinct(StringComparer.Ordinal).ToImmutableArray();

    /// <summary>
    /// A cycle among <paramref name="jobs"/> (id → the ids it depends on; ids outside the map are jobs already enqueued,
    /// which cannot depend on these), as the ids around it with the first repeated at the end, or null if there is none.
    /// </summary>
    public static ImmutableArray<string>? FindCycle(IReadOnlyDictionary<string, ImmutableArray<string>> jobs)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (var start in jobs.Keys)
        {
            if (done.Contains(start))
            {
                continue;
            }
            // Depth first without recursion: a chain of a million jobs in one input must not overflow the stack.
            var path = new List<string> { start };
            var onPath = new HashSet<string>(StringComparer.Ordinal) { start };
            var next = new Stack<int>();
            next.Push(0);
            while (path.Count > 0)
            {
                var current = path[^1];
                var index = next.Pop();
                var edges = jobs[current];
                if (index >= edges.Length)
                {
                    done.Add(current);
                    onPath.Remove(current);
                    path.RemoveAt(path.Count - 1);
                    continue;
                }
                next.Push(index + 1);
                var dependency = edges[index];
                if (!jobs.ContainsKey(dependency) || done.Contains(dependency))
                {
                    continue;
                }
                if (onPath.Contains(dependency))
                {
                    return [.. path.Skip(path.IndexOf(dependency)), dependency];
                }
                path.Add(dependency);
                onPath.Add(dependency);
                next.Push(0);
            }
        }
        return null;
    }
}
