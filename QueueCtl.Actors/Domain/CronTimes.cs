using Cronos;

namespace QueueCtl.Actors.Domain;

/// <summary>
/// A schedule's cron text and time zone, read with Cronos (no cron parser of our own). Five fields (minute hour
/// day-of-month month day-of-week) or six with seconds first; the count of fields chooses which. Times are computed in
/// the zone (so "0 9 * * *" is 09:00 there, summer and winter) and returned in UTC. The zone database is the
/// machine's; <c>UTC</c> needs none.
/// </summary>
public static class CronTimes
{
    public const string DefaultZone = "UTC";

    /// <summary>How to write a cron expression; follows a problem.</summary>
    public const string Rule =
        "give 5 fields (minute hour day-of-month month day-of-week), e.g. \"*/5 * * * *\", or 6 with seconds first, e.g. \"*/10 * * * * *\"";

    /// <summary>How to name a zone; follows a problem.</summary>
    public const string ZoneRule = "give an IANA time zone id such as Europe/Paris or America/New_York, or leave --tz out for UTC";

    /// <summary>The parsed expression, or why <paramref name="cron"/> is not one.</summary>
    public static (CronExpression? Expression, string? Problem) Parse(string? cron)
    {
        if (string.IsNullOrWhiteSpace(cron))
        {
            return (null, "the cron expression is empty");
        }
        var text = cron.Trim();
        var fields = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        if (!text.StartsWith('@') && fields is not (5 or 6))
        {
            return (null, $"cron expression '{JobIds.Shown(text)}' has {fields} field{(fields == 1 ? "" : "s")}");
        }
        try
        {
            return (CronExpression.Parse(text, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard), null);
        }
        catch (CronFormatException e)
        {
            // Cronos opens every message with the same sentence; the part after it names the field.
            var why = e.Message.Replace("The given cron expression has an invalid format.", "", StringComparison.Ordinal).Trim().TrimEnd('.');
            return (null, $"cron expression '{JobIds.Shown(text)}' is not valid{(why.Length > 0 ? $" ({why})" : "")}");
        }
    }

    /// <summary>The zone named <paramref name="zone"/>, or null when this machine knows none by that id.</summary>
    public static TimeZoneInfo? FindZone(string? zone)
    {
        if (zone == DefaultZone)
        {
            return TimeZoneInfo.Utc;
        }
        // Ids name files under /usr/share/zoneinfo: nothing that could leave that directory is looked up.
        if (string.IsNullOrEmpty(zone) || zone.Length > 64 || zone.StartsWith('/') || zone.Contains("..", StringComparison.Ordinal)
            || !zone.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '+' or '-'))
        {
            return null;
        }
        return TimeZoneInfo.TryFindSystemTimeZoneById(zone, out var found) ? found : null;
    }

    public static string? ZoneProblem(string? zone) =>
        FindZone(zone) is null ? $"unknown time zone '{JobIds.Shown(zone ?? "")}'" : null;

    /// <summary>The first firing strictly after <paramref name="after"/>, in UTC; null if it never fires again (or no longer parses).</summary>
    public static DateTimeOffset? NextAfter(string cron, string zone, DateTimeOffset after) =>
        Parse(cron).Expression is { } expression && FindZone(zone) is { } tz
            ? expression.GetNextOccurrence(after, tz, inclusive: false)?.ToUniversalTime()
            : null;

    /// <summary>The latest firing at or before <paramref name="now"/>, in UTC: of several missed firings, the one to run.</summary>
    public static DateTimeOffset? LatestAtOrBefore(string cron, string zone, DateTimeOffset now) =>
        Parse(cron).Expression is { } expression && FindZone(zone) is { } tz
            ? expression.GetPreviousOccurrence(now, tz, inclusive: true)?.ToUniversalTime()
            : null;
}
