using System.Collections.Immutable;
using System.Globalization;

namespace QueueCtl.Actors.Domain;

/// <summary>
/// The settings <c>queuectl config</c> shows and changes. Defaults come from <c>hocon/queuectl.conf</c>;
/// every change is a stored <see cref="ConfigChanged"/> event. Validation lives only here.
/// </summary>
public sealed record QueueSettings(int MaxRetries, double BackoffBase, int BackoffMaxSeconds, int JobTimeoutSeconds = 0)
{
    public const string MaxRetriesKey = "max-retries";
    public const string BackoffBaseKey = "backoff-base";
    public const string BackoffMaxSecondsKey = "backoff-max-seconds";
    public const string JobTimeoutSecondsKey = "job-timeout-seconds";

    public static readonly ImmutableArray<string> Keys = [MaxRetriesKey, BackoffBaseKey, BackoffMaxSecondsKey, JobTimeoutSecondsKey];

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
    };

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
            default:
                return (null, $"unknown config key '{key}'; known keys: {string.Join(", ", Keys)}");
        }
    }

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
