using System.Globalization;

namespace QueueCtl.Cli.Output;

/// <summary>How times, durations and long commands look in human output. All times are UTC.</summary>
internal static class TextFormat
{
    public const int CommandWidth = 48;

    public static string Time(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset? at) => at is { } value ? Time(value) : "-";

    /// <summary>The exact instant, as in <c>--json</c>: ISO-8601 with fractions.</summary>
    public static string Instant(DateTimeOffset? at) =>
        at is { } value ? value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) : "-";

    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }
        return span.TotalDays >= 1 ? $"{(int)span.TotalDays}d {span.Hours}h {span.Minutes}m"
            : span.TotalHours >= 1 ? $"{span.Hours}h {span.Minutes}m {span.Seconds}s"
            : span.TotalMinutes >= 1 ? $"{span.Minutes}m {span.Seconds}s"
            : $"{span.Seconds}s";
    }

    /// <summary>One line, at most <paramref name="width"/> characters: newlines shown as spaces, the cut marked with "...".</summary>
    public static string Truncate(string text, int width = CommandWidth)
    {
        var oneLine = text.ReplaceLineEndings(" ").Replace('\t', ' ');
        return oneLine.Length <= width ? oneLine : string.Concat(oneLine.AsSpan(0, width - 3), "...");
    }

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Plural(int count, string singular, string plural) =>
        $"{count.ToString(CultureInfo.InvariantCulture)} {(count == 1 ? singular : plural)}";
}
