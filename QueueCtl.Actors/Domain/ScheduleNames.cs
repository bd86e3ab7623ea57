namespace QueueCtl.Actors.Domain;

/// <summary>
/// What a schedule may be called. Each firing's job id is <c>NAME:TIME</c> (see <see cref="RecurringSchedule.JobIdFor"/>),
/// so a name holds no <c>:</c> (the id splits back unambiguously), starts with a letter or digit (never read as an
/// option, never <c>.</c> or <c>..</c>), and is short enough that the id keeps within <see cref="JobIds.MaxLength"/>.
/// </summary>
public static class ScheduleNames
{
    public const int MaxLength = 64;

    /// <summary>How to fix a name <see cref="Problem"/> refused.</summary>
    public const string Rule = "use 1-64 characters of A-Z a-z 0-9 . _ - starting with a letter or digit, without '..'";

    public static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "a schedule name must not be empty";
        }
        if (name.Length > MaxLength)
        {
            return $"schedule name is {name.Length} characters long; at most {MaxLength} are allowed";
        }
        if (!char.IsAsciiLetterOrDigit(name[0]))
        {
            return $"schedule name '{JobIds.Shown(name)}' does not start with a letter or digit";
        }
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                return $"schedule name '{JobIds.Shown(name)}' contains {(char.IsControl(c) || char.IsWhiteSpace(c) ? $"U+{(int)c:X4}" : $"'{c}'")}";
            }
        }
        return name.Contains("..", StringComparison.Ordinal) ? $"schedule name '{name}' contains '..'" : null;
    }
}
