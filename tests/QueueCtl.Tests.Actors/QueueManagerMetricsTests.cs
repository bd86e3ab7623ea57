using System.Diagnostics.Metrics;
using Akka.Actor;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Manager;
using QueueCtl.Actors.Protocol;
using QueueCtl.Tests.Actors.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.Actors;

/// <summary>
/// The manager's figures and subscribers: <see cref="GetMetrics"/> adds up what was stored, its meter reports the same to a
/// listener, and a subscriber gets each write's events once stored.
/// </summary>
public sealed class QueueManagerMetricsTests(ITestOutputHelper output) : QueueTestKit(output)
{
    [Fact]
    public async Task GetMetrics_CountsTheRunsAndWritesItStored()
    {
        var manager = NewManager();
        await EnqueueAsync(manager, "ok", "true");
        await EnqueueAsync(manager, "broken", "exit 3", maxRetries: 0);
        await StartWorkersAsync(manager, 1);
        await WaitForAsync(manager, "ok", "broken");

        var metrics = await AskAsync<MetricsView>(manager, GetMetrics.Instance);

        var totals = metrics.Throughput.ToDictionary(t => t.Name, t => t.Total);
        Assert.Equal(new Dictionary<string, long> { ["enqueued"] = 2, ["completed"] = 1, ["failed"] = 0, ["dead"] = 1 }, totals);
        Assert.Equal((1, 1), (metrics.Jobs["completed"], metrics.Jobs["dead"]));
        Assert.Equal(2, metrics.RunSeconds.Count);
        Assert.Equal(2, metrics.WaitSeconds.Count);
        Assert.InRange(metrics.WriteSeconds.Count, 3, 20); // two enqueues, a worker count, starts and ends (some share a write)
        Assert.Equal(metrics.WriteSeconds.Count, metrics.EventsPerWrite.Count);
        Assert.Equal((1, 0), (metrics.WorkersConfigured, metrics.WorkersBusy));
        Assert.Equal(QueueMetrics.WindowMinutes, metrics.LastHour.Length);
        Assert.Equal(2, metrics.LastHour.Sum(m => m.Enqueued));
        Assert.True(metrics.Host.ResidentBytes > 0 && metrics.Host.CpuSeconds > 0);
    }

    [Fact]
    public async Task Meter_ReportsTheSameCountsAndRuns_ToAListener()
    {
        var counted = new Dictionary<string, long>();
        var runs = 0;
        var persistenceId = "metered-" + Guid.NewGuid().ToString("N");
        using var listener = new MeterListener();
        // Other tests' managers run beside this one: only this one's meter is listened to.
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == QueueMeters.MeterName &&
                instrument.Meter.Tags?.Contains(new KeyValuePair<string, object?>(QueueMeters.QueueTag, persistenceId)) == true)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            lock (counted) counted[instrument.Name] = counted.GetValueOrDefault(instrument.Name) + value;
        });
        listener.SetMeasurementEventCallback<double>((instrument, _, _, _) =>
        {
            if (instrument.Name == "queuectl.job.run.duration") Interlocked.Increment(ref runs);
        });
        listener.Start();
        var manager = NewManager(persistenceId);
        await EnqueueAsync(manager, "ok", "true");
        await StartWorkersAsync(manager, 1);
        await WaitForAsync(manager, "ok");
        await AskAsync<MetricsView>(manager, GetMetrics.Instance); // the completion's write has come back stored

        lock (counted)
        {
            Assert.Equal(1, counted.GetValueOrDefault("queuectl.jobs.enqueued"));
            Assert.Equal(1, counted.GetValueOrDefault("queuectl.jobs.completed"));
        }
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task SubscribeToEvents_SendsEachWritesEventsOnceStored_UntilTheSubscriberStops()
    {
        var manager = NewManager();
        var subscriber = CreateTestProbe();

        manager.Tell(SubscribeToEvents.Instance, subscriber.Ref);
        subscriber.ExpectMsg<SubscribedToEvents>();
        await EnqueueAsync(manager, "a", "true");

        var stored = subscriber.ExpectMsg<EventsStored>();
        var enqueued = Assert.IsType<JobsEnqueued>(Assert.Single(stored.Events));
        Assert.Equal("a", enqueued.Jobs.Single().Id);

        Watch(subscriber.Ref);
        Sys.Stop(subscriber.Ref);
        ExpectTerminated(subscriber.Ref);
        await EnqueueAsync(manager, "b", "true"); // no subscriber left: nothing is sent, and nothing fails
        Assert.Equal("b", (await GetJobAsync(manager, "b")).Id);
    }
}
