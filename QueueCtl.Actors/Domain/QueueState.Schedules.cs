using System.Collections.Immutable;
using QueueCtl.Actors.Protocol;

namespace QueueCtl.Actors.Domain;

/// <summary>
/// Recurring schedules (<c>queuectl schedule ...</c>): each firing enqueues an ordinary job named after the schedule and
/// the firing time. Firing is a decision like any other: the due timer's <see cref="FireDueSchedules"/> at <c>now</c>
/// gives <see cref="ScheduleFired"/> events, so replay rebuilds exactly what ran.
/// </summary>
public sealed partial record QueueState
{
    public ImmutableSortedDictionary<string, RecurringSchedule> Schedules { get; private init; } =
        ImmutableSortedDictionary.Create<string, RecurringSchedule>(StringComparer.Ordinal);

    /// <summary>The earliest next firing of any schedule, or null when none will fire.</summary>
    public DateTimeOffset? NextFiringAt
    {
        get
        {
            DateTimeOffset? earliest = null;
            foreach (var schedule in Schedules.Values)
            {
                earliest = Earlier(earliest, schedule.NextFiringAt);
            }
            return earliest;
        }
    }

    /// <summary>The earlier of two times, either of which may be absent.</summary>
    internal static DateTimeOffset? Earlier(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a <= b ? a : b;

    private Decision DecideAddSchedule(AddSchedule add, DateTimeOffset now)
    {
        if (ScheduleNames.Problem(add.Name) is { } nameProblem)
        {
            return Reject(RejectionKind.InvalidInput, $"{nameProblem}; {ScheduleNames.Rule}");
        }
        if (CronTimes.Parse(add.Cron).Problem is { } cronProblem)
        {
            return Reject(RejectionKind.InvalidInput, $"{cronProblem}; {CronTimes.Rule}");
        }
        var zone = add.TimeZone ?? CronTimes.DefaultZone;
        if (CronTimes.ZoneProblem(zone) is { } zoneProblem)
        {
            return Reject(RejectionKind.InvalidInput, $"{zoneProblem}; {CronTimes.ZoneRule}");
        }
        if (JobCommands.Problem(add.Command) is { } commandProblem)
        {
            return Reject(RejectionKind.InvalidInput, $"schedule '{add.Name}' {commandProblem}");
        }
        if (add.MaxRetries is < 0 or > QueueSettings.MaxRetriesLimit)
        {
            return Reject(RejectionKind.InvalidInput, $"max_retries must be from 0 to {QueueSettings.MaxRetriesLimit}, not {add.MaxRetries}");
        }
        if (JobPriority.Problem(add.Priority) is { } priorityProblem)
        {
            return Reject(RejectionKind.InvalidInput, $"{priorityProblem}; {JobPriority.Rule}");
        }
        if (add.TimeoutSeconds is { } timeout && JobTimeout.Problem(timeout) is { } timeoutProblem)
        {
            return Reject(RejectionKind.InvalidInput, $"{timeoutProblem}; {JobTimeout.Rule}");
        }
        if (add.Queue is not null && QueueNames.Problem(add.Queue) is { } queueProblem)
        {
            return Reject(RejectionKind.InvalidInput, $"{queueProblem}; {QueueNames.Rule}");
        }
        if (Schedules.ContainsKey(add.Name))
        {
            return Reject(RejectionKind.Conflict,
                $"a schedule named '{add.Name}' already exists; choose another name, or `queuectl schedule remove {add.Name}` first");
        }
        var added = new ScheduleAdded(add.Name, add.Cron.Trim(), zone, add.Command, add.MaxRetries, add.Priority, add.TimeoutSeconds, now,
            add.Queue == QueueNames.Default ? null : add.Queue);
        var schedule = RecurringSchedule.From(added);
        if (schedule.NextFiringAt is null)
        {
            return Reject(RejectionKind.InvalidInput,
                $"cron expression '{added.Cron}' never fires (a date that does not exist?); {CronTimes.Rule}");
        }
        return Accept(added, new ScheduleAccepted(schedule));
    }

    private Decision DecideRemoveSchedule(RemoveSchedule remove, DateTimeOffset now) =>
        Schedules.GetValueOrDefault(remove.Name) is { } schedule
            ? Accept(new ScheduleRemoved(schedule.Name, now), new ScheduleDeleted(schedule))
            : Reject(RejectionKind.NotFound, $"no schedule named '{remove.Name}'; `queuectl schedule list` shows the schedules there are");

    /// <summary>
    /// One job per due schedule, for the latest firing at or before <paramref name="now"/>: a host that was down through
    /// several firings runs the schedule once when it is back, not once per firing missed.
    /// </summary>
    private Decision DecideFireDueSchedules(DateTimeOffset now)
    {
        var events = ImmutableArray.CreateBuilder<IQueueEvent>();
        foreach (var schedule in Schedules.Values)
        {
            if (!schedule.IsDue(now))
            {
                continue;
            }
            var latest = CronTimes.LatestAtOrBefore(schedule.Cron, schedule.TimeZone, now) is { } at && at >= schedule.NextFiringAt
                ? at
                : schedule.NextFiringAt!.Value;
            var id = schedule.JobIdFor(latest);
            var job = Jobs.ContainsKey(id)
                ? null
                : new NewJob(id, schedule.Command, schedule.MaxRetries ?? Settings.MaxRetries, schedule.Priority, null,
                    JobTimeout.Resolve(schedule.TimeoutSeconds, Settings), Queue: schedule.Queue == QueueNames.Default ? null : schedule.Queue);
            events.Add(new ScheduleFired(schedule.Name, latest, job, now));
        }
        return new Decision(events.ToImmutable(), null);
    }

    private QueueState ApplyScheduleAdded(ScheduleAdded e) =>
        this with { Schedules = Schedules.SetItem(e.Name, RecurringSchedule.From(e)) };

    private QueueState ApplyScheduleRemoved(ScheduleRemoved e) => this with { Schedules = Schedules.Remove(e.Name) };

    /// <summary>The job as an enqueue at the event's time, and the firing as the schedule's last.</summary>
    private QueueState ApplyScheduleFired(ScheduleFired e)
    {
        var state = e.Job is { } job ? ApplyEnqueued(new JobsEnqueued([job], e.At)) : this;
        return Schedules.GetValueOrDefault(e.Name) is { } schedule
            ? state with { Schedules = Schedules.SetItem(e.Name, (schedule with { LastFiredAt = e.FiringAt }).WithNextFiring()) }
            : state;
    }

    private static ImmutableSortedDictionary<string, RecurringSchedule> LoadSchedules(ImmutableArray<RecurringSchedule> stored) =>
        (stored.IsDefault ? [] : stored).Select(s => s.WithNextFiring())
            .ToImmutableSortedDictionary(s => s.Name, s => s, StringComparer.Ordinal);
}
