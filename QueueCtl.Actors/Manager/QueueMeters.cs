using System.Diagnostics.Metrics;
using QueueCtl.Actors.Domain;

namespace QueueCtl.Actors.Manager;

/// <summary>
/// The manager's figures as .NET metrics instruments of the meter <see cref="MeterName"/>, for whatever listens: the
/// host's Prometheus endpoint, or an embedding application's OpenTelemetry. Recording costs next to nothing while
/// nothing listens. Counts and durations are recorded as events are stored; jobs per state and workers are read from
/// the manager's latest state when a listener collects.
/// </summary>
public sealed class QueueMeters : IMetricsObserver, IDisposable
{
    public const string MeterName = "QueueCtl";

    /// <summary>The meter's tag naming the manager's persistence id, which tells apart the queues of one process.</summary>
    public const string QueueTag = "queuectl.persistence_id";

    private readonly Meter _meter;
    private readonly Counter<long>[] _counts;
    private readonly Histogram<double>[] _durations;
    private readonly Histogram<int> _eventsPerWrite;

    /// <param name="persistenceId">The manager's, as the meter's <see cref="QueueTag"/>.</param>
    /// <param name="state">The manager's latest state; read on the collecting thread, which an immutable state allows.</param>
    public QueueMeters(string persistenceId, Func<QueueState> state)
    {
        _meter = new Meter(new MeterOptions(MeterName)
        {
            Version = QueueCtl.Actors.Hosting.QueueCtlConfig.Version,
            Tags = [new KeyValuePair<string, object?>(QueueTag, persistenceId)],
        });
        _counts =
        [
            _meter.CreateCounter<long>("queuectl.jobs.enqueued", "{job}", "Jobs enqueued"),
            _meter.CreateCounter<long>("queuectl.jobs.completed", "{job}", "Jobs completed"),
            _meter.CreateCounter<long>("queuectl.jobs.failed", "{attempt}", "Failed attempts that will be retried"),
            _meter.CreateCounter<long>("queuectl.jobs.dead", "{job}", "Jobs moved to the dead-letter queue"),
        ];
        _durations =
        [
            _meter.CreateHistogram<double>("queuectl.job.run.duration", "s", "Run time, from a run's start to its end"),
            _meter.CreateHistogram<double>("queuectl.job.wait.duration", "s", "Queue wait, from runnable (enqueued, run_at, retry due) to started"),
            _meter.CreateHistogram<double>("queuectl.journal.write.duration", "s", "Journal write, from hand-over to stored"),
        ];
        _eventsPerWrite = _meter.CreateHistogram<int>("queuectl.journal.write.events", "{event}", "Events per journal write");
        _meter.CreateObservableGauge("queuectl.jobs", () => JobsByState(state()), "{job}", "Jobs kept, by state");
        _meter.CreateObservableGauge("queuectl.workers.configured", () => state().WorkerCount, "{worker}", "Workers configured");
        _meter.CreateObservableGauge("queuectl.workers.busy", () => state().Running.Count, "{worker}", "Workers running a job");
    }

    public void Counted(MetricCount kind, long count) => _counts[(int)kind].Add(count);

    public void Observed(MetricDuration duration, double seconds) => _durations[(int)duration].Record(seconds);

    public void Written(int events) => _eventsPerWrite.Record(events);

    public void Dispose() => _meter.Dispose();

    private static IEnumerable<Measurement<int>> JobsByState(QueueState state)
    {
        var counts = state.CountByState();
        return Enum.GetValues<JobState>().Select(s => new Measurement<int>(
            counts.GetValueOrDefault(s.ToWire()), new KeyValuePair<string, object?>("state", s.ToWire())));
    }
}
