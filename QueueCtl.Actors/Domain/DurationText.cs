using System.Globalization;
using System.Text;

namespace QueueCtl.Actors.Domain;

/// <summary>
/// Durations as people write them: whole numbers with a unit (<c>90s</c>, <c>5m</c>, <c>2h</c>, <c>1d</c>), or several
/// (<c>1h30m</c>). A bare number is refused: seconds or minutes would be a guess. One rule for every option and setting
/// that takes a duration (<c>--delay</c>, <c>--timeout</c>, <c>--older-than</c>, <c>keep-completed-for</c>).
/// </summary>
public static class DurationText
{
    public const string Units = "s (seconds), m (minutes), h (hours) or d (days)";

    /// <summary>
    /// What a duration means where it is used, for its messages: <paramref name="Name"/> is the option or key,
    /// <paramref name="WithoutIt"/> says how to do without one, <paramref name="TooLongFix"/> what to do past <paramref name="Max"/>.
    /// </summary>
    public sealed record Use(string Name, string Meaning, string WithoutIt, TimeSpan Max, string TooLongFix);

    /// <summary>The duration, or what is wrong with it and how to fix it.</summary>
    public static (TimeSpan? Duration, (string What, string Fix)? Problem) Parse(string text, Use use)
    {
        var name = use.Name;
        var trimmed = text.Trim();
        var shown = JobIds.Shown(text);
        if (trimmed.Length == 0)
        {
            return Fail($"{name} is empty", $"give {use.Meaning}, e.g. {name} 90s, 5m, 2h or 1d");
        }
        if (trimmed[0] == '-')
        {
            return Fail($"{name} {shown} is negative", $"give {use.Meaning}, e.g. 90s, 5m, 2h or 1d; {use.WithoutIt}");
        }
        if (trimmed.All(char.IsAsciiDigit))
        {
            return Fail($"{name} {shown} has no unit", $"write {trimmed}s, {trimmed}m, {trimmed}h or {trimmed}d: a whole number followed by {Units}");
        }
        var total = TimeSpan.Zero;
        var at = 0;
        while (at < trimmed.Length)
        {
            var digits = at;
            while (at < trimmed.Length && char.IsAsciiDigit(trimmed[at]))
            {
                at++;
            }
            if (at == digits || at == trimmed.Length || UnitOf(trimmed[at]) is not { } unit)
            {
                return Fail($"{name} '{shown}' is not a duration", $"write a whole number followed by {Units}, e.g. 90s, 5m, 2h, 1d, or several, e.g. 1h30m");
            }
            // Anything longer than Max is refused below; a number too large for a long is as much over it.
            var count = long.TryParse(trimmed.AsSpan(digits, at - digits), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : long.MaxValue;
            total = count > use.Max / unit ? use.Max + unit : total + unit * count;
            if (total > use.Max)
            {
                return Fail($"{name} {shown} is too long", use.TooLongFix);
            }
            at++;
        }
        return (total, null);
    }

    /// <summary>The shortest text <see cref="Parse"/> reads back as <paramref name="duration"/> (whole seconds): <c>7d</c>, <c>1h30m</c>, <c>0s</c>.</summary>
    public static string Format(TimeSpan duration)
    {
        var seconds = (long)duration.TotalSeconds;
        if (seconds <= 0)
        {
            return "0s";
        }
        var text = new StringBuilder();
        foreach (var (unit, size) in new[] { ('d', 86400L), ('h', 3600L), ('m', 60L), ('s', 1L) })
        {
            if (seconds >= size)
            {
                text.Append(CultureInfo.InvariantCulture, $"{seconds / size}{unit}");
                seconds %= size;
            }
        }
        return text.ToString();
    }

    private static TimeSpan? UnitOf(char unit) => unit switch
    {
        's' => TimeSpan.FromSeconds(1),
        'm' => TimeSpan.FromMinutes(1),
        'h' => TimeSpan.FromHours(1),
        'd' => TimeSpan.FromDays(1),
        _ => null,
    };

    private static (TimeSpan?, (string, string)?) Fail(string what, string fix) => (null, (what, fix));
}
