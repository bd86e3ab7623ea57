namespace QueueCtl.Actors.Domain;

/// <summary>
/// Spec 2: <c>priority</c> is an integer, default 0; higher runs first, equal priorities in enqueue order. The range is
/// bounded so that a typo (or a timestamp pasted into the wrong field) is refused rather than silently outranking every
/// job; a thousand steps either side of the default leave room for any scheme of levels.
/// </summary>
public static class JobPriority
{
    public const int Min = -1000;

    public const int Max = 1000;

    /// <summary>How to fix a priority <see cref="Problem"/> refused.</summary>
    public const string Rule = "use a whole number from -1000 to 1000 (higher runs first; the default is 0)";

    /// <summary>Why <paramref name="priority"/> is out of range, or null.</summary>
    public static string? Problem(long priority) =>
        priority is < Min or > Max ? $"priority {priority} is out of range" : null;
}
