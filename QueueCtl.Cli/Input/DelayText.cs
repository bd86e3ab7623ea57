using System.Globalization;
using QueueCtl.Actors.Domain;

namespace QueueCtl.Cli.Input;

/// <summary>
/// <c>enqueue --delay</c> (how long from now a job waits) and <c>enqueue --timeout</c> (how long a run may take), in
/// <see cref="DurationText"/>'s words.
/// </summary>
internal static class DelayText
{
    /// <summary>Ten years: far enough for any schedule, near enough that no date overflows.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromDays(3650);

    private static readonly DurationText.Use Timeout = new("--timeout", "how long a run may take", "leave --timeout out for no timeout",
        TimeSpan.FromSeconds(JobTimeout.MaxSeconds), $"a run may take at most 7d ({JobTimeout.MaxSeconds} s)");

    public static (TimeSpan? Delay, InputProblem? Problem) Parse(string text, string name = "--delay") =>
        Parse(text, new DurationText.Use(name, "how long to wait from now", $"leave {name} out to run the job as soon as a worker is free", Max,
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

    private static (TimeSpan? Delay, InputProblem? Problem) Parse(string text, DurationText.Use use)
    {
        var (duration, problem) = DurationText.Parse(text, use);
        return problem is { } p ? (null, new InputProblem(p.What, p.Fix)) : (duration, null);
    }
}
