using System.Text;
using QueueCtl.Actors.Domain;

namespace QueueCtl.Cli.Output;

/// <summary>
/// <c>queuectl show ID</c>: every field of spec 2 (names as in <c>--json</c>), then the job's history. A job that waits for
/// its run_at says so, and when, on its state line.
/// </summary>
internal static class JobDetailsText
{
    /// <param name="now">The CLI's clock, for how long a scheduled job still waits.</param>
    public static string Render(Job job, DateTimeOffset now)
    {
        var fields = new List<(string Name, string Value)>
        {
            ("id", job.Id),
            ("command", job.Command),
            ("state", job.WaitsForRunAt
                ? $"pending (scheduled: runs at {TextFormat.Time(job.RunAt)}, in {TextFormat.Duration(job.RunAt - now)})"
                : job.State.ToWire()),
            ("attempts", TextFormat.Number(job.Attempts)),
            ("max_retries", TextFormat.Number(job.MaxRetries)),
            ("queue", job.Queue),
            ("priority", TextFormat.Number(job.Priority)),
            ("run_at", TextFormat.Instant(job.RunAt)),
            ("timeout_seconds", job.TimeoutSeconds is { } timeout ? TextFormat.Number(timeout) : "-"),
            ("depends_on", job.DependsOn.IsDefaultOrEmpty ? "-" : string.Join(", ", job.DependsOn)),
            ("created_at", TextFormat.Instant(job.CreatedAt)),
            ("updated_at", TextFormat.Instant(job.UpdatedAt)),
            ("started_at", TextFormat.Instant(job.StartedAt)),
            ("finished_at", TextFormat.Instant(job.FinishedAt)),
            ("exit_code", job.ExitCode is { } code ? TextFormat.Number(code) : "-"),
            ("last_error", job.LastError ?? "-"),
            ("next_attempt_at", TextFormat.Instant(job.NextAttemptAt)),
            ("interruptions", job.HostInterruptions == 0
                ? TextFormat.Number(job.Interruptions)
                : $"{TextFormat.Number(job.Interruptions)} (and {TextFormat.Number(job.HostInterruptions)} by the host's own faults, not counted toward the limit)"),
        };
        var width = fields.Max(f => f.Name.Length) + 2;
        var text = new StringBuilder();
        foreach (var (name, value) in fields)
        {
            text.Append((name + ":").PadRight(width)).Append(Indent(value, width)).Append('\n');
        }
        text.Append("history:\n");
        foreach (var step in job.History)
        {
            text.Append("  ").Append(TextFormat.Instant(step.At)).Append("  ")
                .Append(step.State.ToWire().PadRight(12)).Append(step.Reason).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>A multi-line command stays aligned under its first line.</summary>
    private static string Indent(string value, int width) =>
        value.ReplaceLineEndings("\n" + new string(' ', width));
}
