using System.Text;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;

namespace QueueCtl.Cli.Output;

/// <summary>The tables of <c>queuectl list</c>, <c>dlq list</c> and <c>wait</c>.</summary>
internal static class JobListText
{
    /// <summary>
    /// <c>queuectl list</c>, the page from <paramref name="offset"/>. A PRIORITY column is shown when a listed job has a priority other than 0, and a RUNS AT
    /// column when one waits for its run_at; without them the table is as it always was.
    /// </summary>
    public static string All(JobList list, int offset = 0)
    {
        var text = new StringBuilder();
        if (list.Jobs.Length > 0)
        {
            var priorities = list.Jobs.Any(j => j.Priority != 0);
            var scheduled = list.Jobs.Any(j => j.WaitsForRunAt);
            var table = new TextTable([.. Columns(priorities, scheduled, "ID", "STATE", "ATTEMPTS", "PRIORITY", "UPDATED", "RUNS AT", "COMMAND")]);
            foreach (var job in list.Jobs)
            {
                table.Add([.. Columns(priorities, scheduled, job.Id, job.State.ToWire(), Attempts(job), TextFormat.Number(job.Priority),
                    TextFormat.Time(job.UpdatedAt), job.WaitsForRunAt ? TextFormat.Time(job.RunAt) : "-", TextFormat.Truncate(job.Command))]);
            }
            table.WriteTo(text);
        }
        text.Append(Showing(list, offset, "jobs"));
        return text.ToString();
    }

    public static string Dead(JobList list, int offset = 0, string? grep = null)
    {
        if (list.Matching == 0)
        {
            return grep is null ? "No dead jobs (the dead letter queue is empty)" : $"No dead job's command contains '{grep}'";
        }
        var text = new StringBuilder();
        if (list.Jobs.Length > 0)
        {
            var table = new TextTable("ID", "ATTEMPTS", "DIED", "LAST ERROR", "COMMAND");
            foreach (var job in list.Jobs)
            {
                table.Add(job.Id, Attempts(job), TextFormat.Time(job.FinishedAt ?? job.UpdatedAt),
                    TextFormat.Truncate(job.LastError ?? "-", 40), TextFormat.Truncate(job.Command, 32));
            }
            table.WriteTo(text);
        }
        text.Append(Showing(list, offset, "dead jobs"));
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

    /// <summary>
    /// The last line of a list: how many of those matching it shows, and from a later page which ones
    /// (<c>showing 51-100 of 1234 jobs</c>), so the next <c>--offset</c> is plain to see.
    /// </summary>
    public static string Showing(JobList list, int offset, string noun)
    {
        var shown = list.Jobs.Length;
        if (offset == 0)
        {
            return $"showing {shown} of {list.Matching} {noun}";
        }
        return shown > 0
            ? $"showing {offset + 1}-{offset + shown} of {list.Matching} {noun}"
            : $"showing none of {list.Matching} {noun}: --offset {offset} is past the last one";
    }

    /// <summary>The cells of a list row, the priority and run_at ones only when shown.</summary>
    private static IEnumerable<string> Columns(
        bool priorities, bool scheduled, string id, string state, string attempts, string priority, string updated, string runsAt, string command)
    {
        yield return id;
        yield return state;
        yield return attempts;
        if (priorities)
        {
            yield return priority;
        }
        yield return updated;
        if (scheduled)
        {
            yield return runsAt;
        }
        yield return command;
    }

    /// <summary>Runs so far out of the runs allowed (the first plus <c>max_retries</c>).</summary>
    private static string Attempts(Job job) => $"{job.Attempts}/{job.MaxRetries + 1}";
}
