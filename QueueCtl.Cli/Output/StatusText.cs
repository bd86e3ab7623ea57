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
        // Named queues get a table of their own once there is more than the default one, or a queue is paused.
        if (!status.Queues.IsDefaultOrEmpty && (status.Queues.Length > 1 || status.Queues[0].Paused))
        {
            text.Append('\n').Append(Queues(status.Queues)).Append('\n');
        }
        text.Append($"Host:     {host.Address} (pid {host.Pid})\n");
        text.Append($"Version:  {host.Version}\n");
        text.Append($"Uptime:   {TextFormat.Duration(now - host.StartedAt)} (since {TextFormat.Time(host.StartedAt)})\n");
        text.Append($"Data:     {host.DataLocation}");
        return text.ToString();
    }

    /// <summary>One line per queue: its unfinished jobs, workers, and whether it is paused (<c>queue list</c>, <c>status</c>).</summary>
    public static string Queues(IEnumerable<QueueView> queues)
    {
        var table = new TextTable("QUEUE", "PENDING", "PROCESSING", "FAILED", "DEAD", "COMPLETED", "WORKERS", "BUSY", "PAUSED");
        foreach (var queue in queues)
        {
            string Count(JobState state) => TextFormat.Number(queue.Counts.GetValueOrDefault(state.ToWire()));
            table.Add(queue.Name, Count(JobState.Pending), Count(JobState.Processing), Count(JobState.Failed), Count(JobState.Dead),
                Count(JobState.Completed), TextFormat.Number(queue.Workers), TextFormat.Number(queue.Busy), queue.Paused ? "yes" : "no");
        }
        return table.ToString();
    }
}
