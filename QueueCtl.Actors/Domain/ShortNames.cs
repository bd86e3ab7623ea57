namespace QueueCtl.Actors.Domain;

/// <summary>
/// The one rule for names a person types after a verb (a queue, a schedule): 1-64 characters of <c>A-Z a-z 0-9 . _ -</c>,
/// beginning with a letter or a digit (so an option typed in its place is never taken for a name, nor is <c>.</c>), and
/// no <c>..</c>. <see cref="QueueNames"/> and <see cref="ScheduleNames"/> say it in their own words.
/// </summary>
internal static class ShortNames
{
    public const int MaxLength = 64;

    /// <summary>Why <paramref name="name"/> is not a good <paramref name="kind"/> ("queue name"), or null.</summary>
    public static string? Problem(string? name, string kind)
    {
        if (string.IsNullOrEmpty(name))
        {
            return $"the {kind} is empty";
        }
        if (name.Length > MaxLength)
        {
            return $"the {kind} is {name.Length} characters long; at most {MaxLength} are allowed";
        }
        var shown = JobIds.Shown(name);
        if (name[0] == '-')
        {
            return $"'{shown}' looks like an option, not a {kind}";
        }
        if (!char.IsAsciiLetterOrDigit(name[0]))
        {
            return $"{kind} '{shown}' does not start with a letter or digit";
        }
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                return $"{kind} '{shown}' contains {(char.IsControl(c) || char.IsWhiteSpace(c) ? $"U+{(int)c:X4}" : $"'{c}'")}";
            }
        }
        return name.Contains("..", StringComparison.Ordinal) ? $"{kind} '{name}' contains '..'" : null;
    }
}
