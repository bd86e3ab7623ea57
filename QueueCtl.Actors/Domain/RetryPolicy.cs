namespace QueueCtl.Actors.Domain;

/// <summary>
/// Spec 2.1 backoff: after the n-th failed attempt wait <c>base ^ n</c> seconds, capped at
/// <c>backoff_max_seconds</c>. A job may be retried <c>max_retries</c> times after its first run.
/// </summary>
public static class RetryPolicy
{
    /// <summary>The delay before the next attempt, or null when the job has no retry left and is dead.</summary>
    public static TimeSpan? DelayAfter(int failedAttempts, int maxRetries, double backoffBase, int backoffMaxSeconds)
    {
        if (failedAttempts > maxRetries)
        {
            return null;
        }
        var seconds = Math.Min(Math.Pow(backoffBase, failedAttempts), backoffMaxSeconds);
        return TimeSpan.FromSeconds(seconds);
    }
}
