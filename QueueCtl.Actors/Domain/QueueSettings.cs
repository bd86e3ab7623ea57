using System.Collections.Immutable;
using System.Globalization;

namespace QueueCtl.Actors.Domain;

/// <summary>
/// The settings <c>queuectl config</c> shows and changes. Defaults come from <c>hocon/queuectl.conf</c>;
/// every change is a stored <see cref="ConfigChanged"/> event. Validation lives only here. The <c>keep-*</c> settings are
/// retention: how long, and how many, finished jobs are kept before they are forgotten (null: for ever).
/// </summary>
public sealed record QueueSettings(
    int MaxRetries,
    double BackoffBase,
    int BackoffMaxSeconds,
    int JobTimeoutSeconds = 0,
    TimeSpan? KeepCompletedFor = null,
    int KeepCompletedMax = QueueSettings.KeptMaxLimit,
    TimeSpan? KeepDeadFor = null,
    int KeepDeadMax = QueueSettings.KeptMaxLimit)
{
    public const string MaxRetriesKey = "max-retries";
    public const string BackoffBaseKey = "backoff-base";
    public const string BackoffMaxSecondsKey = "backoff-max-seconds";
    public const string JobTimeoutSecondsKey = "job-timeout-seconds";
    public const string KeepCompletedForKey = "keep-completed-for";
    public const string KeepCompletedMaxKey = "keep-completed-max";
    public const string KeepDeadForKey = "keep-dead-for";
    public const string KeepDeadMaxKey = "keep-dead-max";

    public static readonly ImmutableArray<string> Keys =
    [
        MaxRetriesKey, BackoffBaseKey, BackoffMaxSecondsKey, JobTimeoutSecondsKey,
        KeepCompletedForKey, KeepCompletedMaxKey, KeepDeadForKey, KeepDeadMaxKey,
    ];

    /// <summary>How a keep-*-for setting says "for ever".</summary>
    public const string Forever = "forever";

    /// <summary>The most finished jobs of one state a queue keeps: memory and snapshots grow with them.</summary>
    public const int KeptMaxLimit = 1_000_000;

    /// <summary>The longest a keep-*-for setting keeps a job (short of for ever): ten years, so no date overflows.</summary>
    public static readonly TimeSpan KeepForLimit = TimeSpan.FromDays(3650);

    public const int MaxRetriesLimit = 1000;
    public const double BackoffBaseLimit = 100;
    public const int BackoffMaxSecondsLimit = 7 * 24 * 3600;

    /// <summary>Accepts <c>max_retries</c> and <c>MAX-RETRIES</c> for <c>max-retries</c>.</summary>
    public static string NormalizeKey(string key) => key.Trim().Replace('_', '-').ToLowerInvariant();

    public static bool IsKnownKey(string key) => Keys.Contains(NormalizeKey(key));

    public IReadOnlyDictionary<string, string> ToDictionary() => new Dictionary<string, string>
    {
        [MaxRetriesKey] = MaxRetries.ToString(CultureInfo.InvariantCulture),
        [BackoffBaseKey] = BackoffBase.ToString(CultureInfo.InvariantCulture),
        [BackoffMaxSecondsKey] = BackoffMaxSeconds.ToString(CultureInfo.InvariantCulture),
        [JobTimeoutSecondsKey] = JobTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
        [KeepCompletedForKey] = KeepForText(KeepCompletedFor),
        [KeepCompletedMaxKey] = KeepCompletedMax.ToString(CultureInfo.InvariantCulture),
        [KeepDeadForKey] = KeepForText(KeepDeadFor),
        [KeepDeadMaxKey] = KeepDeadMax.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>How long finished jobs in <paramref name="state"/> are kept, and how many (retention).</summary>
    public (TimeSpan? For, int Max) KeptFor(JobState state) => state switch
    {
        JobState.Completed => (KeepCompletedFor, KeepCompletedMax),
        JobState.Dead => (KeepDeadFor, KeepDeadMax),
        _ => (null, int.MaxValue),
    };

    private static string KeepForText(TimeSpan? keepFor) => keepFor is { } span ? DurationText.Format(span) : Forever;

    /// <summary>The settings with <paramref name="key"/> set, or an error that says what is allowed.</summary>
    public (QueueSettings? Settings, string? Error) With(string key, string value)
    {
        var normalized = NormalizeKey(key);
        var text = value.Trim();
        switch (normalized)
        {
            case MaxRetriesKey:
                return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var retries)
                       && retries >= 0 && retries <= MaxRetriesLimit
                    ? (this with { MaxRetries = retries }, null)
                    : (null, $"{MaxRetriesKey} must be a whole number from 0 to {MaxRetriesLimit}, not '{value}'");
            case BackoffBaseKey:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var b)
                       && double.IsFinite(b) && b >= 1 && b <= BackoffBaseLimit
                    ? (this with { BackoffBase = b }, null)
                    : (null, $"{BackoffBaseKey} must be a number from 1 to {BackoffBaseLimit}, not '{value}'");
            case BackoffMaxSecondsKey:
                return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var cap)
                       && cap >= 1 && cap <= BackoffMaxSecondsLimit
                    ? (this with { BackoffMaxSeconds = cap }, null)
                    : (null, $"{BackoffMaxSecondsKey} must be a whole number of seconds from 1 to {BackoffMaxSecondsLimit}, not '{value}'");
            case JobTimeoutSecondsKey:
                // Applies to jobs enqueued from now on without a timeout of their own (JobTimeout.Resolve); 0 = none.
                return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var timeout)
                       && (timeout == 0 || JobTimeout.Problem(timeout) is null)
                    ? (this with { JobTimeoutSeconds = timeout }, null)
                    : (null, $"{JobTimeoutSecondsKey} must be 0 (no timeout) or a whole number of seconds from {JobTimeout.MinSeconds} to {JobTimeout.MaxSeconds}, not '{value}'");
            case KeepCompletedForKey:
            {
                var (ok, keepFor, error) = ParseKeepFor(normalized, value);
                return ok ? (this with { KeepCompletedFor = keepFor }, null) : (null, error);
            }
            case KeepDeadForKey:
            {
                var (ok, keepFor, error) = ParseKeepFor(normalized, value);
                return ok ? (this with { KeepDeadFor = keepFor }, null) : (null, error);
            }
            case KeepCompletedMaxKey:
                return ParseKeptMax(value) is { } completedMax
                    ? (this with { KeepCompletedMax = completedMax }, null)
                    : (null, KeptMaxError(normalized, value));
            case KeepDeadMaxKey:
                return ParseKeptMax(value) is { } deadMax
                    ? (this with { KeepDeadMax = deadMax }, null)
                    : (null, KeptMaxError(normalized, value));
            default:
                return (null, $"unknown config key '{key}'; known keys: {string.Join(", ", Keys)}");
        }
    }

    /// <summary>A keep-*-for value: a duration such as <c>7d</c> or <c>12h</c> (<c>0s</c>: forget at once), or <see cref="Forever"/> (null).</summary>
    private static (bool Ok, TimeSpan? KeepFor, string? Error) ParseKeepFor(string key, string value)
    {
        if (string.Equals(value.Trim(), Forever, StringComparison.OrdinalIgnoreCase))
        {
            return (true, null, null);
        }
        var (duration, problem) = DurationText.Parse(value, new DurationText.Use(key, "how long finished jobs are kept",
            $"'{Forever}' keeps them until {key.Replace("-for", "-max", StringComparison.Ordinal)} or 'queuectl clean' forgets them", KeepForLimit,
            $"keep them at most {KeepForLimit.TotalDays:0}d, or '{Forever}'"));
        return problem is { } p ? (false, null, $"{p.What}: {p.Fix}") : (true, duration, null);
    }

    private static int? ParseKeptMax(string value) =>
        int.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var max) && max >= 0 && max <= KeptMaxLimit ? max : null;

    private static string KeptMaxError(string key, string value) =>
        $"{key} must be a whole number of jobs from 0 to {KeptMaxLimit}, not '{value}'";

    /// <summary>The settings with <paramref name="key"/> set from HOCON's text; a bad value fails at start with a clear message.</summary>
    public QueueSettings WithText(string key, string value) =>
        With(key, value) is ({ } settings, _) ? settings : throw new ArgumentException($"invalid queuectl setting: {With(key, value).Error}");

    /// <summary>Checks defaults read from HOCON, so a bad config file fails at start with a clear message.</summary>
    public QueueSettings Validated()
    {
        var current = this;
        foreach (var (key, value) in ToDictionary())
        {
            var (next, error) = current.With(key, value);
            current = next ?? throw new ArgumentException($"invalid queuectl setting: {error}");
        }
        return current;
    }
}
