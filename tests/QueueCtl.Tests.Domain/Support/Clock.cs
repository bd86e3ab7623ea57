namespace QueueCtl.Tests.Domain.Support;

/// <summary>The state machine takes <c>now</c> as an argument; tests count seconds from one fixed instant.</summary>
internal static class Clock
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset At(double seconds) => T0.AddSeconds(seconds);
}
