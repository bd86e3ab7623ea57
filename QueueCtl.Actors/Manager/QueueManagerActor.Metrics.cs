using System.Collections.Immutable;
using System.Diagnostics;
using Akka.Actor;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;

namespace QueueCtl.Actors.Manager;

/// <summary>
/// The manager's figures and its subscribers: each stored event and each journal write is counted as it comes back
/// stored, and each write's events go to the subscribers (<see cref="SubscribeToEvents"/>).
/// </summary>
public sealed partial class QueueManagerActor
{
    private static readonly DateTimeOffset ProcessStartedAt = Process.GetCurrentProcess().StartTime.ToUniversalTime();

    private readonly QueueMeters _meters;
    private readonly QueueMetrics _metrics;

    /// <summary>The writes under way, oldest first, with when each was handed to the journal.</summary>
    private readonly Queue<(ImmutableArray<IQueueEvent> Events, long SubmittedAt)> _writes = new();

    private readonly HashSet<IActorRef> _subscribers = [];

    private void SubscriptionHandlers() => Command<SubscribeToEvents>(_ =>
    {
        _subscribers.Add(Context.Watch(Sender));
        Sender.Tell(SubscribedToEvents.Instance);
    });

    private void Submitted(ImmutableArray<IQueueEvent> events) => _writes.Enqueue((events, Stopwatch.GetTimestamp()));

    private void Measure(IQueueEvent stored)
    {
        _metrics.Record(stored, _state);
        if (_writes.TryPeek(out var write) && ReferenceEquals(write.Events[^1], stored))
        {
            _writes.Dequeue();
            _metrics.Written(write.Events.Length, Stopwatch.GetElapsedTime(write.SubmittedAt));
            foreach (var subscriber in _subscribers)
            {
                subscriber.Tell(new EventsStored(write.Events));
            }
        }
    }

    private MetricsView Metrics()
    {
        var now = Now;
        var uptime = now - _metrics.StartedAt;
        // getrusage and /proc/self/statm: no disk, so cheap enough to read on the actor's thread.
        var cpu = Environment.CpuUsage.TotalTime;
        return new MetricsView(
            now,
            _state.CountByState(),
            [.. Enum.GetValues<MetricCount>().Select(kind => _metrics.Throughput(kind, now))],
            _metrics.RunSeconds(),
            _metrics.WaitSeconds(),
            _metrics.WriteSeconds(),
            _metrics.EventsPerWrite(),
            _state.WorkerCount,
            _state.Running.Count,
            _state.Queues(),
            new ProcessView(
                uptime.TotalSeconds,
                cpu.TotalSeconds,
                100 * cpu.TotalSeconds / Math.Max((now - ProcessStartedAt).TotalSeconds, 1), // the process's average since it started
                Environment.WorkingSet),
            _metrics.LastHour(now));
    }
}
