using System.Diagnostics.Metrics;
using Prometheus;
using QueueCtl.Actors.Manager;

namespace QueueCtl.Host.Metrics;

/// <summary>
/// The queue manager's meter (<see cref="QueueMeters"/>) in Prometheus's names and units, in a registry of its own with
/// prometheus-net's process metrics beside it. A counter <c>queuectl.jobs.completed</c> becomes
/// <c>queuectl_jobs_completed_total</c>, a histogram in seconds <c>queuectl.job.run.duration</c> becomes
/// <c>queuectl_job_run_seconds</c>, a gauge keeps its name with its tags as labels. prometheus-net's own meter adapter
/// is not used: it exports counters as gauges without <c>_total</c>.
/// </summary>
internal sealed class PrometheusExport : IDisposable
{
    /// <summary>Run times and waits span milliseconds to hours.</summary>
    private static readonly double[] SecondsBuckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];

    private static readonly double[] EventsBuckets = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];

    private readonly MeterListener _listener = new();
    private readonly MetricFactory _factory;

    public PrometheusExport()
    {
        Registry = global::Prometheus.Metrics.NewCustomRegistry();
        DotNetStats.Register(Registry);
        _factory = global::Prometheus.Metrics.WithCustomRegistry(Registry);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            // Each measurement comes with its Prometheus collector as state.
            if (instrument.Meter.Name == QueueMeters.MeterName && Create(instrument) is { } collector)
            {
                listener.EnableMeasurementEvents(instrument, collector);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, state) => Record(state, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, state) => Record(state, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, state) => Record(state, value, tags));
        _listener.Start();
        // Gauges (jobs per state, workers) are read from the manager's latest state when Prometheus scrapes.
        Registry.AddBeforeCollectCallback(_listener.RecordObservableInstruments);
    }

    public CollectorRegistry Registry { get; }

    public void Dispose() => _listener.Dispose();

    /// <summary>The Prometheus name of a queuectl instrument: dots to underscores, then the unit's suffix.</summary>
    public static string NameOf(Instrument instrument)
    {
        var name = instrument.Name.Replace('.', '_');
        return instrument switch
        {
            Counter<long> => name + "_total",
            Histogram<double> when instrument.Unit == "s" && name.EndsWith("_duration", StringComparison.Ordinal) =>
                name[..^"_duration".Length] + "_seconds",
            _ => name,
        };
    }

    private Collector? Create(Instrument instrument)
    {
        var help = instrument.Description ?? instrument.Name;
        return instrument switch
        {
            Counter<long> => _factory.CreateCounter(NameOf(instrument), help),
            Histogram<double> => _factory.CreateHistogram(NameOf(instrument), help, new HistogramConfiguration { Buckets = SecondsBuckets }),
            Histogram<int> => _factory.CreateHistogram(NameOf(instrument), help, new HistogramConfiguration { Buckets = EventsBuckets }),
            ObservableGauge<int> => _factory.CreateGauge(NameOf(instrument), help, instrument.Name == "queuectl.jobs" ? ["state"] : []),
            _ => null,
        };
    }

    private static void Record(object? state, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        switch (state)
        {
            case Counter counter:
                counter.Inc(value);
                break;
            case Histogram histogram:
                histogram.Observe(value);
                break;
            case Gauge gauge when tags.Length == 0:
                gauge.Set(value);
                break;
            case Gauge gauge:
                var labels = new string[tags.Length];
                for (var i = 0; i < tags.Length; i++)
                {
                    labels[i] = tags[i].Value?.ToString() ?? "";
                }
                gauge.WithLabels(labels).Set(value);
                break;
        }
    }
}
