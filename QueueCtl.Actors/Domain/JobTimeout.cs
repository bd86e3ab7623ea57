namespace QueueCtl.Actors.Domain;

/// <summary>
/// Spec 2: <c>timeout_seconds</c> is optional; a run still going after it has its whole process group killed and the
/// attempt fails. The bound keeps it below what a .NET timer can count (about 24.8 days) with room to spare, and refuses
/// a typo such as milliseconds given as seconds; a week is longer than any job a shell queue should leave unwatched.
/// </summary>
public static class JobTimeout
{
    public const int MinSeconds = 1;

    public const int MaxSeconds = 7 * 24 * 3600;

    /// <summary>How to fix a timeout <see cref="Problem"/> refused.</summary>
    public const string Rule = "use a whole number of seconds from 1 to 604800 (7 days); leave it out for no timeout";

    /// <summary>Why <paramref name="seconds"/> is not a timeout, or null.</summary>
    public static string? Problem(long seconds) =>
        seconds is < MinSeconds or > MaxSeconds ? $"timeout_seconds {seconds} is out of range" : null;

    /// <summary>What a timed-out attempt's <c>last_error</c> says (spec 2: <c>last_error</c> says why it failed).</summary>
    public static string Reason(TimeSpan after) => $"timed out after {after.TotalSeconds:0.###} s";

    /// <summary>
    /// The timeout a job is stored with: its own, else the configured <c>job-timeout-seconds</c> (0 = none) at enqueue, as
    /// a missing max_retries takes the configured one then. The job keeps it: <c>show</c> says what applies, and a later
    /// <c>config set</c> changes new jobs only.
    /// </summary>
    public static int? Resolve(int? own, QueueSettings settings) =>
        own ?? (settings.JobTimeoutSeconds > 0 ? settings.JobTimeoutSeconds : null);
}
