using System.Globalization;
using QueueCtl.Actors.Domain;

namespace QueueCtl.Cli.Input;

/// <summary>
/// A job's <c>run_at</c> as given to <c>enqueue --run-at</c> or in its JSON: ISO 8601 with a UTC offset
/// (<c>2026-12-01T10:00:00Z</c>, <c>2026-12-01T12:00:00+02:00</c>), returned in UTC. A time without an offset is
/// refused rather than read in some zone: the host may run in another one than the shell that typed it.
/// </summary>
internal static class RunAtText
{
    public const string Example = "2026-12-01T10:00:00Z";

    private static readonly string[] Times = ["HH:mm", "HH:mm:ss", "HH:mm:ss.FFFFFFF"];

    private static readonly string[] WithOffset =
    [
        .. Times.SelectMany(t => new[] { $"yyyy-MM-dd'T'{t}'Z'", $"yyyy-MM-dd' '{t}'Z'", $"yyyy-MM-dd'T'{t}zzz", $"yyyy-MM-dd' '{t}zzz" }),
    ];

    private static readonly string[] WithoutOffset =
    [
        "yyyy-MM-dd", .. Times.SelectMany(t => new[] { $"yyyy-MM-dd'T'{t}", $"yyyy-MM-dd' '{t}" }),
    ];

    /// <summary>The time in UTC, or why <paramref name="text"/> is not one; <paramref name="name"/> names the option or field.</summary>
    public static (DateTimeOffset? At, InputProblem? Problem) Parse(string text, string name)
    {
        var trimmed = text.Trim();
        if (DateTimeOffset.TryParseExact(trimmed, WithOffset, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return (at.ToUniversalTime(), null);
        }
        if (DateTime.TryParseExact(trimmed, WithoutOffset, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return (null, new InputProblem($"{name} '{JobIds.Shown(text)}' has no UTC offset",
                $"add Z for UTC or the offset of the zone meant, e.g. {Example} or 2026-12-01T12:00:00+02:00"));
        }
        return (null, new InputProblem($"{name} '{JobIds.Shown(text)}' is not a time",
            $"write an ISO 8601 time with a UTC offset, e.g. {Example} or 2026-12-01T12:00:00+02:00"));
    }
}
