namespace QueueCtl.Actors.Domain;

// The stored events of recurring schedules (queuectl schedule ...). Names and manifests are stable, like Events.cs.

/// <summary>
/// <c>queuectl schedule add</c>, validated. The schedule fires first at the first cron time after <see cref="At"/>, into
/// <see cref="Queue"/> (null, left out: the default queue).
/// </summary>
public sealed record ScheduleAdded(
    string Name,
    string Cron,
    string TimeZone,
    string Command,
    int? MaxRetries,
    int Priority,
    int? TimeoutSeconds,
    DateTimeOffset At,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Queue = null)
    : IQueueEvent;

/// <summary><c>queuectl schedule remove NAME</c>. The jobs it already made stay.</summary>
public sealed record ScheduleRemoved(string Name, DateTimeOffset At) : IQueueEvent;

/// <summary>
/// The due timer found the schedule's firing at <see cref="FiringAt"/> due: <see cref="Job"/> is enqueued (as
/// <see cref="JobsEnqueued"/> would) and <see cref="FiringAt"/> becomes the schedule's last firing, in one event, so a
/// restart never sees one without the other. <see cref="FiringAt"/> is the latest firing due: those missed before it
/// (the host was down) are not run. <see cref="Job"/> is null when a job of its id exists already.
/// </summary>
public sealed record ScheduleFired(string Name, DateTimeOffset FiringAt, NewJob? Job, DateTimeOffset At) : IQueueEvent;
