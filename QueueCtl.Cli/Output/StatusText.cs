using System.Text;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;

namespace QueueCtl.Cli.Output;

/// <summary><c>queuectl status</c>: jobs per state, workers, and which host answered.</summary>
internal static class StatusText
{
    public static string Render(StatusView status, DateTimeOffset now)
    {
        var text = new StringBuilder();
        var table = new TextTable("STATE", "JOBS");
        foreach (var state in Enum.GetValues<JobState>())
        {
            var name = state.ToWire();
            var count = TextFormat.Number(status.Counts.GetValueOrDefault(name));
            // Scheduled jobs are pending (spec 2 has five states); the row says how many of them wait for a time, and until when.
            table.Add(name, state == JobState.Pending && status.Scheduled > 0
                ? $"{count} ({status.Scheduled} scheduled, the next at {TextFormat.Time(status.NextRunAt)})"
                : count);
        }
        foreach (var (name, count) in status.Counts.Where(c => !JobStateNames.TryParse(c.Key, out _)))
        {
            table.Add(name, TextFormat.Number(count));
        }
        table.Add("total", TextFormat.Number(status.Total));
        table.WriteTo(text);
        text.Append('\n');
        var host = status.Host;
        text.Append($"Workers:  {status.WorkersConfigured} configured, {status.WorkersBusy} busy\n");
        text.Append($"Host:     {host.Address} (pid {host.Pid})\n");
        text.Append($"Version:  {host.Version}\n");
        text.Append($"Uptime:   {TextFormat.Duration(now - host.StartedAt)} (since {TextFormat.Time(host.StartedAt)})\n");
        text.Append($"Data:     {host.DataLocation}");
        return text.ToString();
    }
}
