using System.Globalization;
using MemoryPack;

namespace QueueCtl.Actors.Domain;

/// <summary>
/// <c>queuectl schedule add</c>: a command enqueued as an ordinary job at each time <see cref="Cron"/> names in
/// <see cref="TimeZone"/>. <see cref="MaxRetries"/> and <see cref="TimeoutSeconds"/> left null take the config at each
/// firing, as a job enqueued then would. <see cref="LastFiredAt"/> is the firing time (not the enqueue time) of the latest
/// job it made; <see cref="NextFiringAt"/> is derived from it (or from <see cref="AddedAt"/>) and recomputed on every load.
/// </summary>
[MemoryPackable]
public sealed partial record RecurringSchedule(
    string Name,
    string Cron,
    string TimeZone,
    string Command,
    int? MaxRetries,
    int Priority,
    int? TimeoutSeconds,
    DateTimeOffset AddedAt,
    DateTimeOffset? LastFiredAt,
    DateTimeOffset? NextFiringAt,
    string Queue = QueueNames.Default)
{
    public static RecurringSchedule From(ScheduleAdded added) =>
        new RecurringSchedule(added.Name, added.Cron, added.TimeZone, added.Command, added.MaxRetries, added.Priority,
            added.TimeoutSeconds, added.At, null, null, QueueNames.Of(added.Queue)).WithNextFiring();

    /// <summary>Firings are counted from the last one, or from when it was added: nothing before that is ever run.</summary>
    public RecurringSchedule WithNextFiring() => this with
    {
        NextFiringAt = CronTimes.NextAfter(Cron, TimeZone, LastFiredAt ?? AddedAt),
    };

    /// <summary>
    /// The id of the job of the firing at <paramref name="firingAt"/>: <c>NAME:2026-12-05T10:00:00Z</c>. One firing, one id,
    /// so the duplicate-id rule keeps a firing from being enqueued twice.
    /// </summary>
    public string JobIdFor(DateTimeOffset firingAt) =>
        $"{Name}:{firingAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}";

    public bool IsDue(DateTimeOffset now) => NextFiringAt is { } next && next <= now;
}
