using System.Collections.Immutable;
using QueueCtl.Actors.Protocol;

namespace QueueCtl.Actors.Domain;

/// <summary>
/// Retention: finished jobs are forgotten once older than <c>keep-*-for</c> or beyond <c>keep-*-max</c> of their state,
/// oldest first, and on demand by <c>queuectl clean</c>. Forgetting is a stored <see cref="JobsForgotten"/> naming its
/// reason, so memory, snapshots and recovery grow with the jobs kept, not with every job ever run. A job that others still
/// depend on (a dependant kept and not completed, which a <c>dlq retry</c> could bring back) or that a client watches is
/// never forgotten first: it waits for them.
/// </summary>
public sealed partial record QueueState
{
    /// <summary>The most ids one <see cref="JobsForgotten"/> holds, so one stored event stays small.</summary>
    public const int MaxForgottenPerEvent = 1000;

    /// <summary>Completed and dead jobs, each state's oldest first.</summary>
    internal ImmutableSortedSet<FinishedKey> Finished { get; private init; } = ImmutableSortedSet<FinishedKey>.Empty;

    /// <summary>
    /// How far past <c>keep-*-max</c> a state's count goes before the oldest are forgotten back down to it: forgetting in
    /// batches keeps one <see cref="JobsForgotten"/> per hundreds of finished jobs, not one per job.
    /// </summary>
    public static int KeptSlack(int max) => Math.Clamp(max / 100, 100, MaxForgottenPerEvent);

    /// <summary>
    /// Whether a state holds <see cref="KeptSlack"/> more finished jobs than it may keep, counting from
    /// <paramref name="keptAfterLastForget"/> where the last forgetting had to keep more (jobs others depend on or a client watches).
    /// </summary>
    public bool KeepsTooMany(JobCounts keptAfterLastForget) =>
        KeepsTooMany(JobState.Completed, keptAfterLastForget) || KeepsTooMany(JobState.Dead, keptAfterLastForget);

    private bool KeepsTooMany(JobState state, JobCounts keptAfterLastForget)
    {
        var max = Settings.KeptFor(state).Max;
        return Counts[state] >= Math.Max(max, keptAfterLastForget[state]) + KeptSlack(max);
    }

    /// <summary>When the oldest finished job of a state with a <c>keep-*-for</c> becomes old enough to forget, or null.</summary>
    public DateTimeOffset? ForgetDueAt => Earlier(ExpiresAt(JobState.Completed), ExpiresAt(JobState.Dead));

    private DateTimeOffset? ExpiresAt(JobState state) =>
        Settings.KeptFor(state).For is { } keepFor && FinishedIn(state).FirstOrDefault() is { Id: not null } oldest ? oldest.At + keepFor : null;

    /// <summary>The finished jobs of <paramref name="state"/>, oldest first.</summary>
    private IEnumerable<FinishedKey> FinishedIn(JobState state) =>
        SortedRange.From(Finished, FinishedKey.FirstOf(state), key => key.State == state);

    /// <summary>
    /// Retention (<see cref="ForgetFinishedJobs.Clean"/> null): every finished job past its state's age, and the oldest beyond
    /// its count. Or <c>queuectl clean</c>: the finished jobs it names. Either skips the jobs kept for others.
    /// </summary>
    private Decision DecideForget(ForgetFinishedJobs command, DateTimeOffset now)
    {
        if (command.Clean is { } clean)
        {
            return DecideClean(clean, command.Watched, now);
        }
        var events = ImmutableArray.CreateBuilder<IQueueEvent>();
        foreach (var state in new[] { JobState.Completed, JobState.Dead })
        {
            var (keepFor, max) = Settings.KeptFor(state);
            var cutoff = keepFor is { } age ? now - age : DateTimeOffset.MinValue;
            var beyondCount = Counts[state] - max;
            var expired = new List<string>();
            var surplus = new List<string>();
            foreach (var key in FinishedIn(state))
            {
                var tooOld = key.At <= cutoff;
                if (!tooOld && beyondCount <= 0)
                {
                    break;
                }
                if (IsKeptForOthers(key.Id, command.Watched))
                {
                    continue;
                }
                (tooOld ? expired : surplus).Add(key.Id);
                beyondCount--;
            }
            var name = state.ToWire();
            AddForgotten(events, expired, $"retention: {name} more than {DurationText.Format(keepFor ?? TimeSpan.Zero)} ago (keep-{name}-for)", now);
            AddForgotten(events, surplus, $"retention: more than {max} {name} jobs (keep-{name}-max)", now);
        }
        return new Decision(events.ToImmutable(), null);
    }

    private Decision DecideClean(CleanJobs clean, IReadOnlySet<string> watched, DateTimeOffset now)
    {
        if (clean.State is { } named && !named.IsFinished())
        {
            return Reject(RejectionKind.InvalidInput,
                $"clean forgets finished jobs only, not {named.ToWire()} ones; use --state completed or --state dead (or cancel them first)");
        }
        if (clean.OlderThanSeconds is < 0)
        {
            return Reject(RejectionKind.InvalidInput, $"clean --older-than must not be negative, not {clean.OlderThanSeconds} s");
        }
        var cutoff = clean.OlderThanSeconds is { } seconds ? now - TimeSpan.FromSeconds(Math.Min(seconds, (long)TimeSpan.FromDays(36500).TotalSeconds)) : now;
        var forgotten = new List<string>();
        var kept = 0;
        foreach (var state in clean.State is { } only ? [only] : new[] { JobState.Completed, JobState.Dead })
        {
            foreach (var key in FinishedIn(state))
            {
                if (key.At > cutoff)
                {
                    break;
                }
                if (IsKeptForOthers(key.Id, watched))
                {
                    kept++;
                    continue;
                }
                forgotten.Add(key.Id);
            }
        }
        var events = ImmutableArray.CreateBuilder<IQueueEvent>();
        AddForgotten(events, forgotten, $"queuectl clean{CleanArguments(clean)}", now);
        return new Decision(events.ToImmutable(), new JobsCleaned(forgotten.Count, kept));
    }

    private static string CleanArguments(CleanJobs clean) =>
        (clean.State is { } state ? $" --state {state.ToWire()}" : "") +
        (clean.OlderThanSeconds is { } seconds ? $" --older-than {DurationText.Format(TimeSpan.FromSeconds(seconds))}" : "") +
        (clean.State is null && clean.OlderThanSeconds is null ? " --all" : "");

    private static void AddForgotten(ImmutableArray<IQueueEvent>.Builder events, List<string> ids, string reason, DateTimeOffset now)
    {
        for (var i = 0; i < ids.Count; i += MaxForgottenPerEvent)
        {
            events.Add(new JobsForgotten([.. ids.Skip(i).Take(MaxForgottenPerEvent)], reason, now));
        }
    }

    /// <summary>A client waits for it or follows its output, or a job kept and not completed depends on it.</summary>
    private bool IsKeptForOthers(string jobId, IReadOnlySet<string> watched) =>
        watched.Contains(jobId)
        || (Dependants.TryGetValue(jobId, out var dependants)
            && dependants.Any(id => Jobs.TryGetValue(id, out var dependant) && dependant.State != JobState.Completed));

    /// <summary>The jobs and every index entry of theirs go; an id that is not a finished job changes nothing.</summary>
    private QueueState ApplyForgotten(JobsForgotten e)
    {
        var jobs = Jobs.ToBuilder();
        var created = Created.ToBuilder();
        var finished = Finished.ToBuilder();
        var countsByQueue = CountsByQueue.ToBuilder();
        var dependants = Dependants.ToBuilder();
        var counts = Counts;
        foreach (var id in e.JobIds)
        {
            if (!jobs.TryGetValue(id, out var job) || FinishedKey.Of(job) is not { } finishedKey)
            {
                continue;
            }
            jobs.Remove(id);
            created.Remove(CreatedKey.Of(job));
            finished.Remove(finishedKey);
            counts = counts.Add(job.State, -1);
            var queueCounts = countsByQueue[job.Queue].Add(job.State, -1);
            if (queueCounts.Total == 0)
            {
                countsByQueue.Remove(job.Queue);
            }
            else
            {
                countsByQueue[job.Queue] = queueCounts;
            }
            dependants.Remove(id);
            foreach (var dependency in job.DependsOn)
            {
                if (dependants.TryGetValue(dependency, out var others))
                {
                    others = others.Remove(id);
                    if (others.IsEmpty)
                    {
                        dependants.Remove(dependency);
                    }
                    else
                    {
                        dependants[dependency] = others;
                    }
                }
            }
        }
        return this with
        {
            Jobs = jobs.ToImmutable(),
            Created = created.ToImmutable(),
            Finished = finished.ToImmutable(),
            Counts = counts,
            CountsByQueue = countsByQueue.ToImmutable(),
            Dependants = dependants.ToImmutable(),
        };
    }

    private static ImmutableSortedSet<FinishedKey> WithFinished(ImmutableSortedSet<FinishedKey> finished, Job before, Job after)
    {
        var was = FinishedKey.Of(before);
        var now = FinishedKey.Of(after);
        if (was == now)
        {
            return finished;
        }
        finished = was is { } old ? finished.Remove(old) : finished;
        return now is { } added ? finished.Add(added) : finished;
    }
}
