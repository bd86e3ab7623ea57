using QueueCtl.Actors.Domain;
using QueueCtl.Tests.Domain.Support;
using static QueueCtl.Tests.Domain.Support.Clock;

namespace QueueCtl.Tests.Domain;

/// <summary><c>queuectl metrics</c>: what the stored events add up to, per second and since start, and the percentiles.</summary>
public sealed class QueueMetricsTests
{
    private readonly QueueMetrics _metrics = new(T0);
    private QueueState _state = Given.NoEvents();

    /// <summary>As the manager does: each event applied, then recorded once stored.</summary>
    private void Store(params IQueueEvent[] events)
    {
        foreach (var e in events)
        {
            _state = _state.Apply(e);
            _metrics.Record(e, _state);
        }
    }

    private void Completes(string id, double startedAt, double endedAt) =>
        Store(new JobStarted(id, 1, At(startedAt)), new JobCompleted(id, 0, At(endedAt)));

    [Fact]
    public void Record_CountsEachKindOfEvent_SinceStart()
    {
        Store(Given.Enqueued("a", "b", "c", "d"));
        Completes("a", 1, 2);
        Store(new JobStarted("b", 1, At(3)), new JobFailed("b", 1, "exited with code 1", At(5), At(3)));
        Store(new JobStarted("c", 1, At(3)), new JobDied("c", 1, "exited with code 1; gave up", At(4)));

        Assert.Equal(4, _metrics.Total(MetricCount.Enqueued));
        Assert.Equal(1, _metrics.Total(MetricCount.Completed));
        Assert.Equal(1, _metrics.Total(MetricCount.Failed));
        Assert.Equal(1, _metrics.Total(MetricCount.Dead));
    }

    [Fact]
    public void RatePerSecond_CountsOnlyItsWindow_AndDividesByTheUptimeWhileTheHostIsYounger()
    {
        Store(Given.Enqueued([.. Enumerable.Range(0, 8).Select(i => $"j{i}")]));
        for (var i = 0; i < 5; i++) Completes($"j{i}", 10, 10);
        for (var i = 5; i < 8; i++) Completes($"j{i}", 250, 250);

        var now = At(280);

        Assert.Equal(3 / 60.0, _metrics.RatePerSecond(MetricCount.Completed, 60, now), 9);
        Assert.Equal(8 / 280.0, _metrics.RatePerSecond(MetricCount.Completed, 300, now), 9);
        Assert.Equal(8 / 280.0, _metrics.Throughput(MetricCount.Completed, now).PerSecondSinceStart, 9);
    }

    [Fact]
    public void RatePerSecond_ForgetsASecond_OnceItIsFiveMinutesOld_EvenWhenItsSlotIsReused()
    {
        Store(Given.Enqueued("old1", "old2", "new"));
        Completes("old1", 1, 1);
        Completes("old2", 1, 1);
        Completes("new", 301, 301); // the same slot of the five-minute ring as second 1

        Assert.Equal(1 / 300.0, _metrics.RatePerSecond(MetricCount.Completed, 300, At(301)), 9);
        Assert.Equal(0, _metrics.RatePerSecond(MetricCount.Completed, 300, At(700)));
        Assert.Equal(3, _metrics.Total(MetricCount.Completed));
    }

    [Fact]
    public void RunSeconds_TakesEachRunFromItsStartToItsEnd_AndNotAPendingJobCanceled()
    {
        Store(Given.Enqueued("ran", "failed", "canceled"));
        Completes("ran", 1, 4);
        Store(new JobStarted("failed", 1, At(2)), new JobFailed("failed", 1, "exited with code 1", At(10), At(2.5)));
        Store(new JobDied("canceled", null, "canceled", At(3)));

        var runs = _metrics.RunSeconds();

        Assert.Equal(2, runs.Count);
        Assert.Equal(0.5, runs.P50, 9);
        Assert.Equal(3, runs.P99, 9);
    }

    [Fact]
    public void WaitSeconds_CountsFromWhenTheJobBecameRunnable_ItsEnqueueItsRunAtOrItsRetryDue()
    {
        Store(Given.Enqueued("now"));
        Store(new JobsEnqueued([new NewJob("later", "true", 3, RunAt: At(5))], T0));
        Store(new JobStarted("now", 1, At(2)));          // waited 2 s since its enqueue
        Store(new JobStarted("later", 1, At(5.25)));     // 0.25 s since its run_at
        Store(new JobFailed("now", 1, "exited with code 1", At(8), At(3)), new JobRetryDue("now", At(8)));
        Store(new JobStarted("now", 2, At(9)));          // 1 s since its retry came due

        var waits = _metrics.WaitSeconds();

        Assert.Equal(3, waits.Count);
        Assert.Equal(1, waits.P50, 9);
        Assert.Equal(2, waits.P99, 9);
    }

    [Fact]
    public void Percentiles_AreNearestRank_OverTheLatestSamplesOnly()
    {
        foreach (var events in Enumerable.Range(1, 100))
        {
            _metrics.Written(events, TimeSpan.FromMilliseconds(events));
        }

        var perWrite = _metrics.EventsPerWrite();
        Assert.Equal((100, 50.0, 95.0, 99.0), (perWrite.Count, perWrite.P50, perWrite.P95, perWrite.P99));
        Assert.Equal(0.099, _metrics.WriteSeconds().P99, 9);

        for (var i = 0; i < QueueMetrics.Samples; i++)
        {
            _metrics.Written(1000, TimeSpan.FromSeconds(1));
        }
        Assert.Equal((QueueMetrics.Samples, 1000.0, 1000.0), (_metrics.EventsPerWrite().Count, _metrics.EventsPerWrite().P50, _metrics.EventsPerWrite().P99));
    }

    [Fact]
    public void Percentiles_AreZeroWithACountOfZero_BeforeAnythingRan()
    {
        var runs = _metrics.RunSeconds();

        Assert.Equal((0, 0.0, 0.0, 0.0), (runs.Count, runs.P50, runs.P95, runs.P99));
    }

    [Fact]
    public void LastHour_GivesSixtyMinutesOldestFirst_AndDropsAMinuteOnceAnHourOld()
    {
        Store(Given.Enqueued("a", "b", "c"));   // minute 0
        Completes("a", 30, 30);                 // minute 0
        Completes("b", 90, 90);                 // minute 1
        var early = _metrics.LastHour(At(90));

        Assert.Equal(QueueMetrics.WindowMinutes, early.Length);
        Assert.Equal((At(60), 0L, 1L), (early[^1].Minute, early[^1].Enqueued, early[^1].Completed));
        Assert.Equal((T0, 3L, 1L), (early[^2].Minute, early[^2].Enqueued, early[^2].Completed));
        Assert.Equal(5, early.Sum(m => m.Enqueued + m.Completed));

        Completes("c", 3690, 3690);             // minute 61: minute 1's slot of the ring, an hour on
        var late = _metrics.LastHour(At(3690));

        Assert.Equal(At(3660), late[^1].Minute);
        Assert.Equal(At(120), late[0].Minute);
        Assert.Equal((0L, 1L), (late.Sum(m => m.Enqueued), late.Sum(m => m.Completed)));
    }
}
