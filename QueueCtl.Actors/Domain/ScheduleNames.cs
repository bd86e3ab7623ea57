namespace QueueCtl.Actors.Domain;

/// <summary>
/// What a schedule may be called. Each firing's job id is <c>NAME:TIME</c> (see <see cref="RecurringSchedule.JobIdFor"/>),
/// so a name holds no <c>:</c> (the id splits back unambiguously) and is short enough that the id keeps within
/// <see cref="JobIds.MaxLength"/>: the rule of <see cref="ShortNames"/>.
/// </summary>
public static class ScheduleNames
{
    public const int MaxLength = ShortNames.MaxLength;

    /// <summary>How to fix a name <see cref="Problem"/> refused.</summary>
    public const string Rule = "use 1-64 characters of A-Z a-z 0-9 . _ - starting with a letter or digit, without '..'";

    public static string? Problem(string? name) => ShortNames.Problem(name, "schedule name");
}
