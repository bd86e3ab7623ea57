using System.Collections.Immutable;

namespace QueueCtl.Actors.Domain;

public sealed partial record QueueState
{
    /// <summary>The state after <paramref name="event"/>. Used alike for new events and for recovery.</summary>
    public QueueState Apply(IQueueEvent @event) => @event switch
    {
        JobsEnqueued e => ApplyEnqueued(e),
        JobStarted e => Update(e.JobId, job => job.Transition(JobState.Processing, e.At, $"attempt {e.Attempt} started") with
        {
            Attempts = e.Attempt,
            StartedAt = e.At,
            FinishedAt = null,
            NextAttemptAt = null,
        }),
        JobCompleted e => Update(e.JobId, job => job.Transition(JobState.Completed, e.At, "exited with code 0") with
        {
            ExitCode = e.ExitCode,
            LastError = null,
            FinishedAt = e.At,
        }).Unblock(e.JobId),
        JobFailed e => Update(e.JobId, job => job.Transition(JobState.Failed, e.At, $"{e.Reason}; retry at {e.NextAttemptAt:O}") with
        {
            ExitCode = e.ExitCode,
            LastError = e.Reason,
            FinishedAt = e.At,
            NextAttemptAt = e.NextAttemptAt,
        }),
        JobDied e => Update(e.JobId, job => job.Transition(JobState.Dead, e.At, e.Reason) with
        {
            ExitCode = e.ExitCode ?? job.ExitCode,
            LastError = e.Reason,
            FinishedAt = e.At,
            NextAttemptAt = null,
            CancelRequested = false,
            DeadDependency = e.Dependency,
        }),
        JobCancelRequested e => Update(e.JobId, job => job.Transition(JobState.Processing, e.At, "cancel requested: killing its process group") with
        {
            CancelRequested = true,
        }),
        JobRetryDue e => Update(e.JobId, job => job.Transition(JobState.Pending, e.At, "retry due") with { NextAttemptAt = null }),
        ScheduledJobsDue e => ApplyScheduledDue(e),
        JobInterrupted e => Update(e.JobId, job => job.Transition(JobState.Pending, e.At, $"interrupted: {e.Reason}") with
        {
            // Attempts keeps counting starts (so a late report of this run is recognised as stale); both interruption
            // counts are subtracted when retries are counted, so the run spends none.
            Interruptions = e.Counted ? job.Interruptions + 1 : job.Interruptions,
            HostInterruptions = e.Counted ? job.HostInterruptions : job.HostInterruptions + 1,
            LastError = $"interrupted: {e.Reason}",
            FinishedAt = e.At,
        }),
        DeadJobRetried e => Update(e.JobId, job => job.Transition(JobState.Pending, e.At, "retried from the DLQ; attempts reset") with
        {
            Attempts = 0,
            Interruptions = 0,
            HostInterruptions = 0,
            NextAttemptAt = null,
            CancelRequested = false,
            DeadDependency = null,
        }),
        ConfigChanged e => ApplyConfig(ConfigOverrides.SetItem(e.Key, e.Value)),
        WorkerCountSet e => ApplyWorkerCount(e),
        QueuePaused e => this with { PausedQueues = PausedQueues.Add(e.Queue) },
        QueueResumed e => this with { PausedQueues = PausedQueues.Remove(e.Queue) },
        ScheduleAdded e => ApplyScheduleAdded(e),
        ScheduleRemoved e => ApplyScheduleRemoved(e),
        ScheduleFired e => ApplyScheduleFired(e),
        JobsForgotten e => ApplyForgotten(e),
        _ => throw new ArgumentException($"QueueState cannot apply {@event.GetType().Name}", nameof(@event)),
    };

    private QueueState ApplyEnqueued(JobsEnqueued e)
    {
        var jobs = Jobs.ToBuilder();
        var created = Created.ToBuilder();
        var countsByQueue = CountsByQueue.ToBuilder();
        var runnable = Runnable.ToBuilder();
        ImmutableSortedSet<DueKey>.Builder? due = null;
        var sequence = LastSequence;
        foreach (var spec in e.Jobs)
        {
            var job = Job.New(spec, ++sequence, e.At);
            jobs[job.Id] = job;
            created.Add(CreatedKey.Of(job));
            countsByQueue[job.Queue] = countsByQueue.GetValueOrDefault(job.Queue).Add(JobState.Pending, 1);
            if (!spec.DependsOn.IsDefaultOrEmpty)
            {
                continue; // runnable or not once the whole batch is in: it may wait for a job later in it
            }
            if (job.WaitsForRunAt)
            {
                (due ??= Due.ToBuilder()).Add(new DueKey(job.RunAt, job.Sequence, job.Id));
            }
            else if (IsRunnable(job, jobs))
            {
                runnable.Add(PendingKey.Of(job));
            }
        }
        foreach (var spec in e.Jobs.Where(j => !j.DependsOn.IsDefaultOrEmpty))
        {
            var job = jobs[spec.Id];
            if (job.WaitsForRunAt)
            {
                (due ??= Due.ToBuilder()).Add(new DueKey(job.RunAt, job.Sequence, job.Id));
            }
            else if (IsRunnable(job, jobs))
            {
                runnable.Add(PendingKey.Of(job));
            }
        }
        return this with
        {
            Jobs = jobs.ToImmutable(),
            Created = created.ToImmutable(),
            Counts = Counts.Add(JobState.Pending, e.Jobs.Length),
            CountsByQueue = countsByQueue.ToImmutable(),
            Dependants = WithDependants(Dependants, e.Jobs.Where(j => !j.DependsOn.IsDefaultOrEmpty).Select(j => jobs[j.Id])),
            Runnable = runnable.ToImmutable(),
            Due = due?.ToImmutable() ?? Due,
            LastSequence = sequence,
        };
    }

    /// <summary>Only jobs still waiting for their run_at move on: a stale id changes nothing.</summary>
    private QueueState ApplyScheduledDue(ScheduledJobsDue e)
    {
        var state = this;
        foreach (var id in e.JobIds)
        {
            if (state.Find(id) is { WaitsForRunAt: true })
            {
                state = state.Update(id, job => job.Transition(JobState.Pending, e.At, "run_at reached"));
            }
        }
        return state;
    }

    /// <summary>
    /// Replaces one job and keeps the indexes (runnable order, running set, due times, counts, finished jobs) in step with
    /// it. Each is touched only when the change concerns it: the due times when the job waits for a time before or after,
    /// the counts when its state changes, the finished jobs when it finishes or leaves the DLQ.
    /// </summary>
    private QueueState Update(string jobId, Func<Job, Job> change)
    {
        var before = Jobs[jobId];
        var after = change(before);
        var key = PendingKey.Of(before);
        var dueBefore = DueKey.Of(before);
        var dueAfter = DueKey.Of(after);
        var due = Due;
        if (dueBefore != dueAfter)
        {
            due = dueBefore is { } was ? due.Remove(was) : due;
            due = dueAfter is { } next ? due.Add(next) : due;
        }
        return this with
        {
            Jobs = Jobs.SetItem(jobId, after),
            Runnable = after.State == JobState.Pending && dueAfter is null && (after.DependsOn.IsDefaultOrEmpty || IsRunnable(after, Jobs))
                ? Runnable.Add(key)
                : Runnable.Remove(key),
            Running = after.State == JobState.Processing ? Running.Add(jobId) : Running.Remove(jobId),
            BusyByQueue = (before.State == JobState.Processing) == (after.State == JobState.Processing)
                ? BusyByQueue
                : CountRunning(BusyByQueue, after.Queue, after.State == JobState.Processing ? 1 : -1),
            Due = due,
            Counts = Counts.Move(before.State, after.State),
            CountsByQueue = before.State == after.State
                ? CountsByQueue
                : CountsByQueue.SetItem(after.Queue, CountsByQueue.GetValueOrDefault(after.Queue).Move(before.State, after.State)),
            Finished = WithFinished(Finished, before, after),
        };
    }

    private QueueState ApplyConfig(ImmutableSortedDictionary<string, string> overrides)
    {
        var settings = Defaults;
        foreach (var (key, value) in overrides)
        {
            // Values were validated when stored; one a later version no longer accepts keeps the default.
            settings = settings.With(key, value).Settings ?? settings;
        }
        return this with { ConfigOverrides = overrides, Settings = settings };
    }
}
