using System.Collections.Immutable;
using QueueCtl.Actors.Protocol;

namespace QueueCtl.Actors.Domain;

public sealed partial record QueueState
{
    /// <summary>
    /// What the queue does about <paramref name="command"/> at <paramref name="now"/>: the events to store
    /// (possibly none) and the reply. A rejection stores nothing.
    /// </summary>
    public Decision Decide(object command, DateTimeOffset now) => command switch
    {
        EnqueueJobs enqueue => DecideEnqueue(enqueue, now),
        StartWorkers { Count: < 1 or > MaxWorkers } start => Reject(RejectionKind.InvalidInput,
            $"worker count must be from 1 to {MaxWorkers}, not {start.Count}; 'queuectl worker stop' stops all workers"),
        StartWorkers start => DecideWorkerCount(start.Queue, start.Count, now),
        StopWorkers { Queue: null } => DecideStopAll(now),
        StopWorkers stop => DecideWorkerCount(stop.Queue, 0, now),
        PauseQueue pause => DecidePause(pause.Queue, pause: true, now),
        ResumeQueue resume => DecidePause(resume.Queue, pause: false, now),
        RetryDeadJob { JobId: null } => Reject(RejectionKind.InvalidInput, "dlq retry needs a job id"),
        RetryDeadJob retry => DecideRetryDead(retry, now),
        RetryAllDeadJobs => DecideRetryAllDead(now),
        CancelJobs { JobIds.IsDefaultOrEmpty: true } => Reject(RejectionKind.InvalidInput, "cancel needs at least one job id"),
        CancelJobs cancel => DecideCancel(cancel, now),
        SetConfig { Key: null } or SetConfig { Value: null } => Reject(RejectionKind.InvalidInput, "config set needs a key and a value"),
        SetConfig set => DecideSetConfig(set, now),
        StartNextJobs => DecideStartNext(now),
        RecordRunOutcome outcome => DecideRunOutcome(outcome, now),
        ReleaseDueJobs => DecideReleaseDue(now),
        InterruptRunningJobs interrupt => DecideInterruptRunning(interrupt, now),
        AddSchedule add => DecideAddSchedule(add, now),
        RemoveSchedule { Name: null } => Reject(RejectionKind.InvalidInput, "schedule remove needs a schedule name"),
        RemoveSchedule remove => DecideRemoveSchedule(remove, now),
        FireDueSchedules => DecideFireDueSchedules(now),
        ForgetFinishedJobs forget => DecideForget(forget, now),
        _ => throw new ArgumentException($"QueueState cannot decide {command.GetType().Name}", nameof(command)),
    };

    private Decision DecideEnqueue(EnqueueJobs command, DateTimeOffset now)
    {
        if (command.Jobs.IsDefaultOrEmpty)
        {
            return Reject(RejectionKind.InvalidInput, "no job given: enqueue needs at least one job");
        }
        var accepted = ImmutableArray.CreateBuilder<NewJob>(command.Jobs.Length);
        var idsInBatch = new HashSet<string>(StringComparer.Ordinal);
        // A job may depend on one later in the same input; only jobs that name dependencies need the whole batch's ids.
        HashSet<string>? batchIds = null;
        for (var i = 0; i < command.Jobs.Length; i++)
        {
            var submission = command.Jobs[i];
            if (submission is null)
            {
                return Reject(RejectionKind.InvalidInput, "a job in the request is empty");
            }
            if (submission.Id is null)
            {
                return Reject(RejectionKind.InvalidInput, "a job has no id (the client or manager assigns one)");
            }
            // Named by id, not by position: a bulk enqueue arrives in batches, so a position would mislead.
            var where = command.Jobs.Length == 1 ? "" : $"job '{submission.Id}': ";
            if (JobIds.Problem(submission.Id) is { } idProblem)
            {
                return Reject(RejectionKind.InvalidInput, $"{where}{idProblem}; {JobIds.Rule}");
            }
            if (JobCommands.Problem(submission.Command) is { } commandProblem)
            {
                // The reason names the job already: no "job 'x': " before it.
                return Reject(RejectionKind.InvalidInput, $"job '{submission.Id}' {commandProblem}");
            }
            if (submission.MaxRetries is < 0 or > QueueSettings.MaxRetriesLimit)
            {
                return Reject(RejectionKind.InvalidInput,
                    $"{where}max_retries must be from 0 to {QueueSettings.MaxRetriesLimit}, not {submission.MaxRetries}");
            }
            if (JobPriority.Problem(submission.Priority) is { } priorityProblem)
            {
                return Reject(RejectionKind.InvalidInput, $"{where}{priorityProblem}; {JobPriority.Rule}");
            }
            if (submission.TimeoutSeconds is { } timeout && JobTimeout.Problem(timeout) is { } timeoutProblem)
            {
                return Reject(RejectionKind.InvalidInput, $"{where}{timeoutProblem}; {JobTimeout.Rule}");
            }
            if (Jobs.ContainsKey(submission.Id) || !idsInBatch.Add(submission.Id))
            {
                return Reject(RejectionKind.Conflict, $"{where}a job with id '{submission.Id}' already exists; choose another id");
            }
            if (submission.Queue is not null && QueueNames.Problem(submission.Queue) is { } queueProblem)
            {
                return Reject(RejectionKind.InvalidInput, $"{where}{queueProblem}; {QueueNames.Rule}");
            }
            if (!submission.DependsOn.IsDefaultOrEmpty)
            {
                batchIds ??= command.Jobs.Where(j => j?.Id is not null).Select(j => j.Id!).ToHashSet(StringComparer.Ordinal);
                if (RefuseDependencies(submission.Id, submission.DependsOn, batchIds) is { } refused)
                {
                    return refused;
                }
            }
            // Stored in UTC (spec 2), whatever offset it was given in; a time already past means now.
            accepted.Add(new NewJob(submission.Id, submission.Command, submission.MaxRetries ?? Settings.MaxRetries,
                submission.Priority, submission.RunAt?.ToUniversalTime(), JobTimeout.Resolve(submission.TimeoutSeconds, Settings),
                JobDependencies.Distinct(submission.DependsOn) is { IsEmpty: false } dependsOn ? dependsOn : default,
                submission.Queue == QueueNames.Default ? null : submission.Queue));
        }
        if (batchIds is not null && RefuseCycle(accepted) is { } cycle)
        {
            return cycle;
        }
        var enqueued = new JobsEnqueued(accepted.MoveToImmutable(), now);
        var jobs = command.ReplyWithJobs
            ? enqueued.Jobs.Select((job, i) => Job.New(job, LastSequence + 1 + i, now)).ToImmutableArray()
            : ImmutableArray<Job>.Empty;
        return Accept(enqueued, new JobsAccepted(enqueued.Jobs.Length, jobs));
    }

    private Decision DecideRetryDead(RetryDeadJob command, DateTimeOffset now)
    {
        var job = Find(command.JobId);
        if (job is null)
        {
            return NotFound(command.JobId);
        }
        if (job.State != JobState.Dead)
        {
            return Reject(RejectionKind.WrongState,
                $"job '{job.Id}' is {job.State.ToWire()}, not dead; only jobs in the DLQ can be retried");
        }
        if (DeadDependencies(job) is { Count: > 0 } dead)
        {
            var how = dead.Count == 1 && job.DeadDependency == dead[0]
                ? $"'queuectl dlq retry {dead[0]}' brings both back"
                : "retry them first, then this job, or all at once with 'queuectl dlq retry --all'";
            return Reject(RejectionKind.WrongState, $"job '{job.Id}' depends on {Named(dead)}, which {(dead.Count == 1 ? "is" : "are")} dead; {how}");
        }
        var retried = DependantsRetriedWith(job.Id).Prepend(job.Id).ToImmutableArray();
        return new Decision(retried.Select(id => (IQueueEvent)new DeadJobRetried(id, now)).ToImmutableArray(), DeadJobsRetried.Of(retried));
    }

    private Decision DecideCancel(CancelJobs command, DateTimeOffset now)
    {
        var ids = command.JobIds.Distinct(StringComparer.Ordinal).ToList();
        foreach (var id in ids)
        {
            if (JobIds.Problem(id) is { } idProblem)
            {
                return Reject(RejectionKind.InvalidInput, $"{idProblem}; {JobIds.Rule}");
            }
            var job = Find(id);
            if (job is null)
            {
                return NotFound(id);
            }
            if (job.State.IsFinished())
            {
                return Reject(RejectionKind.WrongState, job.State == JobState.Dead
                    ? $"job '{id}' is dead already; nothing was canceled"
                    : $"job '{id}' is completed; only a job not yet finished can be canceled, and nothing was");
            }
        }
        var events = ImmutableArray.CreateBuilder<IQueueEvent>();
        var canceled = ImmutableArray.CreateBuilder<string>();
        var killing = ImmutableArray.CreateBuilder<string>();
        foreach (var job in ids.Select(id => Jobs[id]))
        {
            if (job.State == JobState.Processing)
            {
                killing.Add(job.Id);
                if (!job.CancelRequested)
                {
                    events.Add(new JobCancelRequested(job.Id, now));
                }
            }
            else
            {
                canceled.Add(job.Id);
                events.Add(new JobDied(job.Id, null, CanceledReason, now));
            }
        }
        var all = WithDependantDeaths(events.ToImmutable(), now);
        var named = ids.ToHashSet(StringComparer.Ordinal);
        var dependants = all.OfType<JobDied>().Select(d => d.JobId).Where(id => !named.Contains(id)).ToList();
        return new Decision(all, JobsCanceled.Of(canceled.ToImmutable(), killing.ToImmutable(), dependants));
    }

    /// <summary>The reason a canceled job is dead with (spec 3).</summary>
    public const string CanceledReason = "canceled";

    private Decision DecideRetryAllDead(DateTimeOffset now)
    {
        var dead = Jobs.Values.Where(j => j.State == JobState.Dead).OrderBy(j => j.Sequence).ToImmutableArray();
        return new Decision(
            dead.Select(j => (IQueueEvent)new DeadJobRetried(j.Id, now)).ToImmutableArray(),
            DeadJobsRetried.Of(dead.Select(j => j.Id).ToList()));
    }

    private Decision DecideSetConfig(SetConfig command, DateTimeOffset now)
    {
        var (settings, error) = Settings.With(command.Key, command.Value);
        if (settings is null)
        {
            return Reject(RejectionKind.InvalidInput, error!);
        }
        var key = QueueSettings.NormalizeKey(command.Key);
        var changed = new ConfigChanged(key, settings.ToDictionary()[key], now);
        return Accept(changed, new ConfigView(settings.ToDictionary().ToImmutableSortedDictionary()));
    }

    private Decision DecideStartNext(DateTimeOffset now)
    {
        if (Runnable.Count == 0 || WorkerCount - Running.Count <= 0)
        {
            return Decision.Nothing;
        }
        ImmutableArray<IQueueEvent>.Builder? started = null;
        foreach (var (queue, count) in WorkerCounts)
        {
            var free = count - BusyIn(queue);
            if (free <= 0 || PausedQueues.Contains(queue))
            {
                continue;
            }
            foreach (var key in RunnableIn(queue).Take(free))
            {
                (started ??= ImmutableArray.CreateBuilder<IQueueEvent>()).Add(new JobStarted(key.Id, Jobs[key.Id].Attempts + 1, now));
            }
        }
        return started is null ? Decision.Nothing : new Decision(started.ToImmutable(), null);
    }

    private Decision DecideRunOutcome(RecordRunOutcome report, DateTimeOffset now)
    {
        var job = Find(report.JobId);
        if (job is null || job.State != JobState.Processing || job.Attempts != report.Attempt)
        {
            return Decision.Nothing; // a late report of a run the queue has already accounted for
        }
        if (job.CancelRequested)
        {
            var code = report.Outcome is RunOutcome.Exited exited ? exited.Code : (int?)null;
            return new Decision(WithDependantDeaths([new JobDied(job.Id, code, CanceledReason, now)], now), null);
        }
        var decision = report.Outcome switch
        {
            RunOutcome.Exited { Code: 0 } => new Decision([new JobCompleted(job.Id, 0, now)], null),
            RunOutcome.Exited exited => Fail(job, exited.Code, ExitReason(exited.Code), now),
            RunOutcome.CouldNotStart notStarted => Fail(job, null, $"could not start: {notStarted.Error}", now),
            RunOutcome.TimedOut timedOut => Fail(job, null, JobTimeout.Reason(timedOut.After), now),
            RunOutcome.Interrupted interrupted => Interrupt(job, interrupted.Reason, interrupted.Counted, now),
            _ => throw new ArgumentOutOfRangeException(nameof(report), report.Outcome, null),
        };
        return decision with { Events = WithDependantDeaths(decision.Events, now) };
    }

    /// <summary>
    /// Every job whose time has come, earliest first: a failed one goes back to pending (<see cref="JobRetryDue"/>), the
    /// scheduled ones become runnable together (<see cref="ScheduledJobsDue"/>). Jobs due later are not looked at, so an
    /// early or repeated timer changes nothing.
    /// </summary>
    private Decision DecideReleaseDue(DateTimeOffset now)
    {
        if (Due.Count == 0 || Due.Min.At > now)
        {
            return Decision.Nothing;
        }
        var events = ImmutableArray.CreateBuilder<IQueueEvent>();
        var scheduled = ImmutableArray.CreateBuilder<string>();
        foreach (var key in Due)
        {
            if (key.At > now)
            {
                break;
            }
            if (Jobs[key.Id].State == JobState.Failed)
            {
                events.Add(new JobRetryDue(key.Id, now));
            }
            else
            {
                scheduled.Add(key.Id);
            }
        }
        if (scheduled.Count > 0)
        {
            events.Add(new ScheduledJobsDue(scheduled.ToImmutable(), now));
        }
        return new Decision(events.ToImmutable(), null);
    }

    private Decision DecideInterruptRunning(InterruptRunningJobs command, DateTimeOffset now)
    {
        var events = Running.Where(id => !command.Held.Contains(id)).Select(id => Jobs[id]).OrderBy(j => j.Sequence)
            .SelectMany(job => job.CancelRequested
                ? [new JobDied(job.Id, null, CanceledReason, now)]
                : Interrupt(job, command.Reason, command.Counted, now).Events)
            .ToImmutableArray();
        return new Decision(WithDependantDeaths(events, now), null);
    }

    private Decision Fail(Job job, int? exitCode, string reason, DateTimeOffset now)
    {
        // Interrupted runs were started but did not fail: they spend no retry.
        var delay = RetryPolicy.DelayAfter(job.Attempts - job.Interruptions - job.HostInterruptions, job.MaxRetries, Settings.BackoffBase, Settings.BackoffMaxSeconds);
        if (delay is null)
        {
            var retries = job.MaxRetries == 1 ? "1 retry" : $"{job.MaxRetries} retries";
            return new Decision([new JobDied(job.Id, exitCode, $"{reason}; gave up after {retries}", now)], null);
        }
        return new Decision([new JobFailed(job.Id, exitCode, reason, now + delay.Value, now)], null);
    }

    private static Decision Interrupt(Job job, string reason, bool counted, DateTimeOffset now)
    {
        var interrupted = new JobInterrupted(job.Id, reason, now, counted);
        if (!counted || job.Interruptions + 1 <= MaxInterruptions)
        {
            return new Decision([interrupted], null);
        }
        var died = new JobDied(job.Id, null,
            $"interrupted {job.Interruptions + 1} times (last: {reason}); moved to the DLQ so a job that stops its host cannot loop",
            now);
        return new Decision([interrupted, died], null);
    }

    internal static string ExitReason(int code) => code switch
    {
        127 => "exited with code 127 (command not found)",
        126 => "exited with code 126 (command not executable)",
        > 128 and < 160 => $"exited with code {code} (killed by signal {code - 128})",
        _ => $"exited with code {code}",
    };

    private static Decision Accept(IQueueEvent @event, object reply) => new([@event], reply);

    private static Decision Reject(RejectionKind kind, string reason) => Decision.ReplyOnly(new CommandRejected(kind, reason));

    private static Decision NotFound(string jobId) =>
        Reject(RejectionKind.NotFound, $"no job with id '{jobId}'; 'queuectl list' shows the jobs there are");
}
