using System.Diagnostics;
using Xunit.Sdk;

namespace QueueCtl.Tests.EndToEnd.Support;

/// <summary>
/// Bounded polling, like Akka.TestKit's <c>AwaitAssert</c>: runs an assertion until it passes or the deadline
/// is reached, then fails with the assertion's last message. The only place these tests pause.
/// </summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    public static async Task<T> AssertAsync<T>(Func<Task<T>> attempt, TimeSpan? timeout = null, string? what = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var elapsed = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await attempt();
            }
            catch (XunitException) when (elapsed.Elapsed < limit)
            {
                // not yet: poll again
            }
            catch (XunitException e)
            {
                throw new XunitException($"{what ?? "condition"} still not met after {limit.TotalSeconds:0} s: {e.Message}");
            }
            await Task.Delay(Interval);
        }
    }

    /// <summary>
    /// For an async check that returns nothing. Without this overload such a lambda would bind to the <see cref="Action"/>
    /// one as <c>async void</c>: not awaited, so the wait would not wait, and its failure would crash the test process.
    /// </summary>
    public static Task AssertAsync(Func<Task> attempt, TimeSpan? timeout = null, string? what = null) =>
        AssertAsync(async () =>
        {
            await attempt();
            return true;
        }, timeout, what);

    public static Task AssertAsync(Action attempt, TimeSpan? timeout = null, string? what = null) =>
        AssertAsync(() =>
        {
            attempt();
            return Task.FromResult(true);
        }, timeout, what);
}
