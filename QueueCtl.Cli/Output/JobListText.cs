using System.Text;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;

namespace QueueCtl.Cli.Output;

/// <summary>The tables of <c>queuectl list</c>, <c>dlq list</c> and <c>wait</c>.</summary>
internal static class JobListText
{
    public static string All(JobList list)
    {
        var text = new StringBuilder();
        if (list.Jobs.Length > 0)
        {
            var table = new TextTable("ID", "STATE", "ATTEMPTS", "UPDATED", "COMMAND");
            foreach (var job in list.Jobs)
            {
                table.Add(job.Id, job.State.ToWire(), Attempts(job), TextFormat.Time(job.UpdatedAt), TextFormat.Truncate(job.Command));
            }
            table.WriteTo(text);
        }
        text.Append($"showing {list.Jobs.Length} of {list.Matching} jobs");
        return text.ToString();
    }

    public static string Dead(JobList list)
    {
        if (list.Matching == 0)
        {
            return "No dead jobs (the dead letter queue is empty)";
        }
        var text = new StringBuilder();
        var table = new TextTable("ID", "ATTEMPTS", "DIED", "LAST ERROR", "COMMAND");
        foreach (var job in list.Jobs)
        {
            table.Add(job.Id, Attempts(job), TextFormat.Time(job.FinishedAt ?? job.UpdatedAt),
                TextFormat.Truncate(job.LastError ?? "-", 40), TextFormat.Truncate(job.Command, 32));
        }
        table.WriteTo(text);
        text.Append($"showing {list.Jobs.Length} of {list.Matching} dead jobs");
        return text.ToString();
    }

    public static string Finished(IReadOnlyList<Job> jobs)
    {
        var table = new TextTable("ID", "STATE", "ATTEMPTS", "EXIT", "LAST ERROR");
        foreach (var job in jobs)
        {
            table.Add(job.Id, job.State.ToWire(), Attempts(job),
                job.ExitCode is { } code ? TextFormat.Number(code) : "-", TextFormat.Truncate(job.LastError ?? "-", 60));
        }
        return table.ToString();
    }

    /// <summary>Runs so far out of the runs allowed (the first plus <c>max_retries</c>).</summary>
    private static string Attempts(Job job) => $"{job.Attempts}/{job.MaxRetries + 1}";
}
