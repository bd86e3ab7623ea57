using System.Collections.Immutable;
using System.Text.Json.Serialization;
using QueueCtl.Actors.Domain;

namespace QueueCtl.Actors.Protocol;

/// <summary>
/// <c>queuectl schedule add NAME "CRON" COMMAND [--tz ZONE] [--max-retries N] [--priority N] [--timeout D] [--queue Q]</c>.
/// A null <see cref="TimeZone"/> is UTC; a null max_retries or timeout takes the config at each firing; a null queue is the
/// default queue. Reply:
/// <see cref="ScheduleAccepted"/>.
/// </summary>
public sealed record AddSchedule(
    string Name,
    string Cron,
    string Command,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TimeZone = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? MaxRetries = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int Priority = 0,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? TimeoutSeconds = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Queue = null) : IQueueCtlMessage;

/// <summary><c>queuectl schedule remove NAME</c>. Reply: <see cref="ScheduleDeleted"/>.</summary>
public sealed record RemoveSchedule(string Name) : IQueueCtlMessage;

/// <summary><c>queuectl schedule list</c>. Reply: <see cref="ScheduleList"/>.</summary>
public sealed record ListSchedules : IQueueCtlMessage
{
    public static readonly ListSchedules Instance = new();
}

/// <summary>The schedule as stored, with its first firing.</summary>
public sealed record ScheduleAccepted(RecurringSchedule Schedule) : IQueueCtlMessage;

/// <summary>The schedule that was removed; the jobs it made stay.</summary>
public sealed record ScheduleDeleted(RecurringSchedule Schedule) : IQueueCtlMessage;

/// <summary>Every schedule, by name.</summary>
public sealed record ScheduleList(ImmutableArray<RecurringSchedule> Schedules) : IQueueCtlMessage;
