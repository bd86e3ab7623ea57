using System.Globalization;
using QueueCtl.Actors.Domain;

namespace QueueCtl.Cli.Input;

/// <summary>
/// <c>enqueue --delay</c> (how long from now a job waits) and <c>enqueue --timeout</c> (how long a run may take), as whole
/// numbers with a unit (<c>90s</c>, <c>5m</c>, <c>2h</c>, <c>1d</c>, or several, <c>1h30m</c>). A bare number is refused:
/// seconds or minutes would be a guess.
/// </summary>
internal static class DelayText
{
    /// <summary>Ten years: far enough for any schedule, near enough that no date overflows.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromDays(3650);

    private const string Units = "s (seconds), m (minutes), h (hours) or d (days)";

    /// <summary>What a duration option means, for its messages, and its bounds.</summary>
    private sealed record Use(string Name, string Meaning, string WithoutIt, TimeSpan Max, string TooLongFix);

    private static readonly Use Timeout = new("--timeout", "how long a run may take", "leave --timeout out for no timeout",
        TimeSpan.FromSeconds(JobTimeout.MaxSeconds), $"a run may take at most 7d ({JobTimeout.MaxSeconds} s)");

    public static (TimeSpan? Delay, InputProblem? Problem) Parse(string text, string name = "--delay") =>
        Parse(text, new Use(name, "how long to wait from now", $"leave {name} out to run the job as soon as a worker is free", Max,
            $"wait at most {Max.TotalDays:0}d; for a later time use --run-at"));

    /// <summary><c>--timeout 90s</c>: whole seconds from 1 to <see cref="JobTimeout.MaxSeconds"/>, as <c>timeout_seconds</c> stores them.</summary>
    public static (int? Seconds, InputProblem? Problem) ParseTimeout(string text)
    {
        var (span, problem) = Parse(text, Timeout);
        if (problem is not null)
        {
            return (null, problem);
        }
        return span == TimeSpan.Zero
            ? (null, new InputProblem($"--timeout {JobIds.Shown(text)} is zero", $"give {Timeout.Meaning}, e.g. 90s, 5m or 2h; {Timeout.WithoutIt}"))
            : ((int)span!.Value.TotalSeconds, null);
    }

    private static (TimeSpan? Delay, InputProblem? Problem) Parse(string text, Use use)
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
            if (at == digits || at == trimmed.Length)
            {
                return NotADuration(name, shown);
            }
            TimeSpan? unit = trimmed[at] switch
            {
                's' => TimeSpan.FromSeconds(1),
                'm' => TimeSpan.FromMinutes(1),
                'h' => TimeSpan.FromHours(1),
                'd' => TimeSpan.FromDays(1),
                _ => null,
            };
            if (unit is null)
            {
                return NotADuration(name, shown);
            }
            // Anything longer than Max is refused below; a number too large for a long is as much over it.
            var count = long.TryParse(trimmed.AsSpan(digits, at - digits), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : long.MaxValue;
            total = count > use.Max / unit.Value ? use.Max + unit.Value : total + unit.Value * count;
            if (total > use.Max)
            {
                return Fail($"{name} {shown} is too long", use.TooLongFix);
            }
            at++;
        }
        return (total, null);
    }

    private static (TimeSpan?, InputProblem?) NotADuration(string name, string shown) =>
        Fail($"{name} '{shown}' is not a duration", $"write a whole number followed by {Units}, e.g. 90s, 5m, 2h, 1d, or several, e.g. 1h30m");

    private static (TimeSpan?, InputProblem?) Fail(string what, string fix) => (null, new InputProblem(what, fix));
}
