using System.Collections.Immutable;

namespace QueueCtl.Actors.Domain;

/// <summary>
/// Dependencies (spec 2 <c>depends_on</c>): a pending job is runnable only once every job it depends on is completed;
/// when one of them ends dead, the jobs waiting for it go to the DLQ naming it, and come back with it when it is retried.
/// </summary>
public sealed partial record QueueState
{
    /// <summary>For each job that others depend on, those others (jobs depend only on jobs enqueued before or with them).</summary>
    internal ImmutableDictionary<string, ImmutableList<string>> Dependants { get; private init; } =
        ImmutableDictionary<string, ImmutableList<string>>.Empty;

    /// <summary>The jobs <paramref name="job"/> still waits for: those it depends on that are not completed.</summary>
    public IEnumerable<string> WaitingFor(Job job) => WaitingFor(job, Jobs);

    private static IEnumerable<string> WaitingFor(Job job, IReadOnlyDictionary<string, Job> jobs) =>
        job.DependsOn.Where(id => jobs.TryGetValue(id, out var dependency) && dependency.State != JobState.Completed);

    /// <summary>Pending, its time come, and nothing left to wait for: a free worker may take it.</summary>
    private static bool IsRunnable(Job job, IReadOnlyDictionary<string, Job> jobs) =>
        job.State == JobState.Pending && !job.WaitsForRunAt && (job.DependsOn.IsDefaultOrEmpty || !WaitingFor(job, jobs).Any());

    /// <summary>The refusal of <paramref name="jobId"/>'s dependencies, or null if they can be accepted (see <see cref="DecideEnqueue"/>).</summary>
    private Decision? RefuseDependencies(string jobId, ImmutableArray<string> dependsOn, ISet<string> idsInBatch)
    {
        if (JobDependencies.Problem(jobId, dependsOn) is { } problem)
        {
            return Reject(Protocol.RejectionKind.InvalidInput, $"job '{jobId}' {problem}; {JobDependencies.Rule}");
        }
        if (dependsOn.IsDefaultOrEmpty)
        {
            return null;
        }
        var unknown = dependsOn.Where(id => !Jobs.ContainsKey(id) && !idsInBatch.Contains(id)).ToList();
        if (unknown.Count > 0)
        {
            return Reject(Protocol.RejectionKind.NotFound,
                $"job '{jobId}' depends on {Named(unknown)}, which {(unknown.Count == 1 ? "is not a job" : "are not jobs")}; " +
                "a job can depend on jobs enqueued before it or in the same input");
        }
        var dead = dependsOn.Where(id => Jobs.TryGetValue(id, out var dependency) && dependency.State == JobState.Dead).ToList();
        if (dead.Count > 0)
        {
            return Reject(Protocol.RejectionKind.WrongState,
                $"job '{jobId}' depends on {Named(dead)}, which {(dead.Count == 1 ? "is" : "are")} dead and would never complete; " +
                $"retry {(dead.Count == 1 ? "it" : "them")} first: {string.Join(", ", dead.Select(id => $"'queuectl dlq retry {id}'"))}");
        }
        return null;
    }

    /// <summary>A cycle among the jobs of one enqueue, refused naming its jobs, or null.</summary>
    private static Decision? RefuseCycle(IReadOnlyList<NewJob> jobs)
    {
        var withDependencies = jobs.Where(j => !j.DependsOn.IsDefaultOrEmpty).ToDictionary(j => j.Id, j => j.DependsOn, StringComparer.Ordinal);
        if (withDependencies.Count == 0 || JobDependencies.FindCycle(withDependencies) is not { } cycle)
        {
            return null;
        }
        return Reject(Protocol.RejectionKind.InvalidInput,
            $"the dependencies form a cycle, so none of its jobs could ever start: {string.Join(" -> ", cycle.Select(id => $"'{id}'"))}; remove one of them");
    }

    /// <summary>
    /// <paramref name="events"/>, followed by the deaths they cause: every job waiting for a job that dies goes to the DLQ
    /// too, naming it, and so on down the chain.
    /// </summary>
    private ImmutableArray<IQueueEvent> WithDependantDeaths(ImmutableArray<IQueueEvent> events, DateTimeOffset now)
    {
        if (Dependants.IsEmpty || !events.Any(e => e is JobDied died && Dependants.ContainsKey(died.JobId)))
        {
            return events;
        }
        var all = events.ToBuilder();
        var dying = new HashSet<string>(events.OfType<JobDied>().Select(d => d.JobId), StringComparer.Ordinal);
        var unvisited = new Queue<string>(dying);
        while (unvisited.TryDequeue(out var deadId))
        {
            foreach (var dependantId in Dependants.GetValueOrDefault(deadId, ImmutableList<string>.Empty))
            {
                if (Jobs[dependantId].State == JobState.Pending && dying.Add(dependantId))
                {
                    all.Add(new JobDied(dependantId, null,
                        $"dependency '{deadId}' ended dead; 'queuectl dlq retry {deadId}' brings this job back with it", now, Dependency: deadId));
                    unvisited.Enqueue(dependantId);
                }
            }
        }
        return all.ToImmutable();
    }

    /// <summary>
    /// The dead jobs that come back with <paramref name="retriedId"/>: those that died because it (or one of them) died,
    /// and wait for nothing else that is dead. Nearest first.
    /// </summary>
    private List<string> DependantsRetriedWith(string retriedId)
    {
        var back = new List<string>();
        var returning = new HashSet<string>(StringComparer.Ordinal) { retriedId };
        var unvisited = new Queue<string>([retriedId]);
        while (unvisited.TryDequeue(out var id))
        {
            foreach (var dependantId in Dependants.GetValueOrDefault(id, ImmutableList<string>.Empty))
            {
                var dependant = Jobs[dependantId];
                if (dependant.State == JobState.Dead && dependant.DeadDependency == id && !returning.Contains(dependantId)
                    && dependant.DependsOn.All(d => returning.Contains(d) || Jobs.GetValueOrDefault(d) is not { State: JobState.Dead }))
                {
                    returning.Add(dependantId);
                    back.Add(dependantId);
                    unvisited.Enqueue(dependantId);
                }
            }
        }
        return back;
    }

    /// <summary>The job's dependencies that are dead: a job waiting for one of them cannot come back on its own.</summary>
    private List<string> DeadDependencies(Job job) =>
        job.DependsOn.Where(id => Jobs.GetValueOrDefault(id) is { State: JobState.Dead }).ToList();

    /// <summary>After <paramref name="completedId"/> completed: its dependants that wait for nothing else become runnable.</summary>
    private QueueState Unblock(string completedId)
    {
        if (!Dependants.TryGetValue(completedId, out var dependants))
        {
            return this;
        }
        var runnable = Runnable;
        foreach (var id in dependants)
        {
            if (IsRunnable(Jobs[id], Jobs))
            {
                runnable = runnable.Add(PendingKey.Of(Jobs[id]));
            }
        }
        return this with { Runnable = runnable };
    }

    private static ImmutableDictionary<string, ImmutableList<string>> WithDependants(
        ImmutableDictionary<string, ImmutableList<string>> dependants, IEnumerable<Job> jobs)
    {
        ImmutableDictionary<string, ImmutableList<string>>.Builder? builder = null;
        foreach (var job in jobs)
        {
            foreach (var dependency in job.DependsOn)
            {
                builder ??= dependants.ToBuilder();
                builder[dependency] = builder.GetValueOrDefault(dependency, ImmutableList<string>.Empty).Add(job.Id);
            }
        }
        return builder?.ToImmutable() ?? dependants;
    }

    private static string Named(IReadOnlyCollection<string> ids) => string.Join(", ", ids.Select(id => $"'{id}'"));
}
