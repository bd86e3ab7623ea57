using System.Collections.Immutable;
using System.Text.Json;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Serialization;

namespace QueueCtl.Cli.Output;

/// <summary>
/// <c>queuectl schedule ...</c> for people (a table; times in UTC like every other time the CLI shows) and for
/// <c>--json</c> (a schedule is an object with the snake_case fields of <see cref="RecurringSchedule"/>, a list an array).
/// </summary>
internal static class ScheduleText
{
    private static readonly QueueCtlJsonContext Context = QueueCtlJsonContext.Default;

    public static string Added(RecurringSchedule schedule) =>
        $"Added schedule {schedule.Name} (\"{schedule.Cron}\" in {schedule.TimeZone}); first firing {TextFormat.Time(schedule.NextFiringAt)}";

    public static string Removed(RecurringSchedule schedule) =>
        $"Removed schedule {schedule.Name}; the jobs it enqueued stay";

    public static string List(ImmutableArray<RecurringSchedule> schedules)
    {
        if (schedules.IsDefaultOrEmpty)
        {
            return "No schedules; add one with `queuectl schedule add NAME \"CRON\" COMMAND`";
        }
        var table = new TextTable("NAME", "CRON", "ZONE", "QUEUE", "NEXT", "LAST", "COMMAND");
        foreach (var s in schedules)
        {
            table.Add(s.Name, s.Cron, s.TimeZone, s.Queue, TextFormat.Time(s.NextFiringAt), TextFormat.Time(s.LastFiredAt), TextFormat.Truncate(s.Command));
        }
        return table.ToString();
    }

    public static string Json(RecurringSchedule schedule) =>
        JsonOutput.Write(w => JsonSerializer.Serialize(w, schedule, Context.RecurringSchedule));

    public static string Json(ImmutableArray<RecurringSchedule> schedules) =>
        JsonOutput.Write(w => JsonSerializer.Serialize(w, schedules.IsDefault ? [] : schedules, Context.ImmutableArrayRecurringSchedule));
}
