using System.Globalization;
using System.Text;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;

namespace QueueCtl.Cli.Output;

/// <summary><c>queuectl metrics</c>: throughput, percentiles, jobs per state, workers and the host process.</summary>
internal static class MetricsText
{
    public static string Render(MetricsView metrics)
    {
        var text = new StringBuilder();
        var throughput = new TextTable("EVENTS", "TOTAL", "PER SEC 1M", "PER SEC 5M", "PER SEC SINCE START");
        foreach (var kind in metrics.Throughput)
        {
            throughput.Add(kind.Name, TextFormat.Number(kind.Total), Rate(kind.PerSecondLastMinute), Rate(kind.PerSecondLastFiveMinutes),
                Rate(kind.PerSecondSinceStart));
        }
        throughput.WriteTo(text);
        text.Append('\n');

        var latency = new TextTable("OF THE LATEST", "COUNT", "P50", "P95", "P99");
        Add(latency, "run time", metrics.RunSeconds, Seconds);
        Add(latency, "queue wait", metrics.WaitSeconds, Seconds);
        Add(latency, "journal write", metrics.WriteSeconds, Seconds);
        Add(latency, "events per write", metrics.EventsPerWrite, value => value.ToString("0", CultureInfo.InvariantCulture));
        latency.WriteTo(text);
        text.Append('\n');

        text.Append("Jobs:     ")
            .AppendJoin(", ", Enum.GetValues<JobState>().Select(state => $"{TextFormat.Number(metrics.Jobs.GetValueOrDefault(state.ToWire()))} {state.ToWire()}"))
            .Append('\n');
        text.Append($"Workers:  {metrics.WorkersConfigured} configured, {metrics.WorkersBusy} busy\n");
        if (!metrics.Queues.IsDefaultOrEmpty && metrics.Queues.Length > 1)
        {
            text.Append('\n').Append(StatusText.Queues(metrics.Queues)).Append('\n');
        }
        var host = metrics.Host;
        text.Append($"Host:     up {TextFormat.Duration(TimeSpan.FromSeconds(host.UptimeSeconds))}, CPU {Seconds(host.CpuSeconds)} " +
                    $"({host.CpuPercent.ToString("0.0", CultureInfo.InvariantCulture)}% of a core on average), " +
                    $"memory {(host.ResidentBytes / (1024.0 * 1024)).ToString("0", CultureInfo.InvariantCulture)} MiB");
        return text.ToString();
    }

    private static void Add(TextTable table, string name, PercentilesView percentiles, Func<double, string> format) =>
        table.Add(name, TextFormat.Number(percentiles.Count),
            percentiles.Count == 0 ? "-" : format(percentiles.P50),
            percentiles.Count == 0 ? "-" : format(percentiles.P95),
            percentiles.Count == 0 ? "-" : format(percentiles.P99));

    private static string Rate(double perSecond) => perSecond.ToString(perSecond >= 100 ? "0" : "0.##", CultureInfo.InvariantCulture);

    /// <summary>A duration with the precision it deserves: 0.42 ms, 12 ms, 3.4 s, then minutes and hours.</summary>
    public static string Seconds(double seconds) => seconds switch
    {
        < 0.001 => $"{(seconds * 1000).ToString("0.##", CultureInfo.InvariantCulture)} ms",
        < 1 => $"{(seconds * 1000).ToString("0", CultureInfo.InvariantCulture)} ms",
        < 60 => $"{seconds.ToString("0.0", CultureInfo.InvariantCulture)} s",
        _ => TextFormat.Duration(TimeSpan.FromSeconds(seconds)),
    };
}
