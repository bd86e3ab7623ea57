using System.Text.Json;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;
using QueueCtl.Actors.Serialization;

namespace QueueCtl.Cli.Output;

/// <summary>
/// The one function that turns a host reply (or a CLI-side view of one) into what the user sees and the exit code:
/// text for people, <c>--json</c> for programs, and every <see cref="CommandRejected"/> as an error on stderr.
/// </summary>
internal static class ReplyRenderer
{
    private static readonly QueueCtlJsonContext Context = QueueCtlJsonContext.Default;

    public static CliOutcome Render(object reply, bool json, DateTimeOffset now) => reply switch
    {
        CommandRejected rejected => Rejected(rejected),
        JobsAccepted accepted => Ok(json
            ? accepted.Jobs.Length == 1 ? JsonOutput.Job(accepted.Jobs[0]) : JsonOutput.Jobs(accepted.Jobs)
            : EnqueuedText(accepted.Jobs.Length, accepted.Jobs.Length == 1 ? accepted.Jobs[0] : null)),
        WorkersView workers => Ok(json
            ? JsonOutput.Write(w => JsonSerializer.Serialize(w, workers, Context.WorkersView))
            : $"Workers: {workers.Configured} configured, {workers.Busy} busy"),
        DeadJobsRetried retried => Ok(json
            ? JsonOutput.Write(w => JsonSerializer.Serialize(w, retried, Context.DeadJobsRetried))
            : RetriedText(retried)),
        ConfigView config => Ok(json ? ConfigJson(config) : ConfigText(config)),
        QueueList queues => Ok(json
            ? JsonOutput.Write(w => JsonSerializer.Serialize(w, queues.Queues, Context.ImmutableArrayQueueView))
            : StatusText.Queues(queues.Queues)),
        ConfigEntry entry => Ok(json
            ? JsonOutput.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("key", entry.Key);
                w.WriteString("value", entry.Value);
                w.WriteEndObject();
            })
            : entry.Value),
        StatusView status => Ok(json
            ? JsonOutput.Write(w => JsonSerializer.Serialize(w, status, Context.StatusView))
            : StatusText.Render(status, now)),
        MetricsView metrics => Ok(json
            ? JsonOutput.Write(w => JsonSerializer.Serialize(w, metrics, Context.MetricsView))
            : MetricsText.Render(metrics)),
        DashboardOpened opened => Ok(json
            ? JsonOutput.Write(w => JsonSerializer.Serialize(w, opened, Context.DashboardOpened))
            : $"{opened.Url}\n(the link signs in one browser once; run `queuectl dashboard` again for another)"),
        DeadJobList dead => Ok(json ? JsonOutput.Jobs(dead.List.Jobs) : JobListText.Dead(dead.List, dead.Offset, dead.Grep)),
        JobPage page => Ok(json ? JsonOutput.Jobs(page.List.Jobs) : JobListText.All(page.List, page.Offset)),
        JobList list => Ok(json ? JsonOutput.Jobs(list.Jobs) : JobListText.All(list)),
        JobsCleaned cleaned => Ok(json
            ? JsonOutput.Write(w => JsonSerializer.Serialize(w, cleaned, Context.JobsCleaned))
            : CleanedText(cleaned)),
        JobDetails details => Ok(json ? JsonOutput.Job(details.Job) : JobDetailsText.Render(details.Job, now)),
        JobLogText log => Ok(json
            ? JsonOutput.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("id", log.JobId);
                if (log.Attempt is { } attempt)
                {
                    w.WriteNumber("attempt", attempt);
                }
                w.WriteString("log", log.Text);
                w.WriteEndObject();
            })
            : log.Text),
        JobsFinished finished => Finished(finished, json),
        CanceledJobs canceled => Ok(json ? JsonOutput.Jobs(canceled.Jobs) : CanceledText(canceled)),
        HostStopping stopping => Ok(json
            ? JsonOutput.Write(w => JsonSerializer.Serialize(w, stopping, Context.HostStopping))
            : $"Host stopping (pid {stopping.Pid})"),
        ScheduleAccepted accepted => Ok(json ? ScheduleText.Json(accepted.Schedule) : ScheduleText.Added(accepted.Schedule)),
        ScheduleDeleted deleted => Ok(json ? ScheduleText.Json(deleted.Schedule) : ScheduleText.Removed(deleted.Schedule)),
        ScheduleList schedules => Ok(json ? ScheduleText.Json(schedules.Schedules) : ScheduleText.List(schedules.Schedules)),
        HostStarted started => Ok(json ? HostStartedJson(started) : HostStartedText(started)),
        HostStopped stopped => Ok(json
            ? JsonOutput.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("address", stopped.Address.ToString());
                w.WriteNumber("pid", stopped.Pid);
                w.WriteBoolean("stopped", true);
                w.WriteEndObject();
            })
            : "Host stopped"),
        _ => CliOutcome.Error(ExitCodes.Refused, $"the host sent an unexpected reply ({reply.GetType().Name})",
            "make sure the CLI and the host are the same version"),
    };

    /// <summary><c>InvalidInput</c> is the user's to fix (exit 2); everything else is a refusal (exit 1).</summary>
    public static int ExitCodeOf(RejectionKind kind) => kind == RejectionKind.InvalidInput ? ExitCodes.Usage : ExitCodes.Refused;

    /// <summary>The host's reason, with a hint on how to fix it unless the host already gave one (<c>what; fix</c>).</summary>
    public static CliOutcome Rejected(CommandRejected rejected) => rejected.Reason.Contains("; ", StringComparison.Ordinal)
        ? new CliOutcome(ExitCodeOf(rejected.Kind), Stderr: $"queuectl: {rejected.Reason}")
        : CliOutcome.Error(ExitCodeOf(rejected.Kind), rejected.Reason, rejected.Kind switch
        {
            RejectionKind.InvalidInput => "fix the input and try again",
            RejectionKind.NotFound => "check the id with `queuectl list`",
            RejectionKind.Conflict => "choose another id, or leave the id out to get a generated one",
            RejectionKind.WrongState => "see the job's state with `queuectl show ID`",
            RejectionKind.ProtocolMismatch => "use a queuectl CLI and host of the same version",
            RejectionKind.Unavailable => "try again in a moment; host.log in the data directory says why",
            _ => "see `queuectl --help`",
        });

    /// <summary>One job names its priority, run_at and timeout where they are not the defaults; many are counted.</summary>
    public static string EnqueuedText(int count, Job? single) => count == 1 && single is not null
        ? $"Enqueued job {single.Id} (state=pending{(single.Priority != 0 ? $", priority {single.Priority}" : "")}" +
          $"{(single.WaitsForRunAt ? $", runs at {TextFormat.Time(single.RunAt)}" : "")}" +
          $"{(single.TimeoutSeconds is { } timeout ? $", timeout {timeout} s" : "")})"
        : $"Enqueued {count} jobs (state=pending)";

    private static CliOutcome Ok(string stdout) => CliOutcome.Text(stdout);

    private static string RetriedText(DeadJobsRetried retried) => retried.Total switch
    {
        0 => "No dead jobs to retry",
        1 when retried.JobIds.Length == 1 => $"Job {retried.JobIds[0]} moved from dead to pending (attempts reset)",
        var n => $"Moved {n} jobs from dead to pending (attempts reset)",
    };

    private static string CleanedText(JobsCleaned cleaned)
    {
        var forgot = $"forgot {Jobs(cleaned.Forgotten)}";
        return cleaned.Kept == 0
            ? forgot
            : $"{forgot}\nkept {Jobs(cleaned.Kept)}: other jobs depend on {(cleaned.Kept == 1 ? "it" : "them")} " +
              $"or a client waits for {(cleaned.Kept == 1 ? "it" : "them")}";
    }

    private static string Jobs(int count) => count == 1 ? "1 job" : $"{count} jobs";

    private static string CanceledText(CanceledJobs canceled)
    {
        var dependants = canceled.Reply.Dependants.ToHashSet(StringComparer.Ordinal);
        var lines = canceled.Reply.Canceled.Select(id => $"Canceled job {id}")
            .Concat(canceled.Reply.Killing.Select(id => $"Canceled job {id} (its running process group was killed)"))
            .Concat(canceled.Jobs.Where(j => dependants.Contains(j.Id))
                .Select(j => $"Job {j.Id} is dead too: it depended on {j.DeadDependency}"));
        var listed = canceled.Jobs.Count(j => dependants.Contains(j.Id));
        if (canceled.Reply.DependantTotal > listed)
        {
            lines = lines.Append($"{canceled.Reply.DependantTotal - listed} more jobs are dead too: they depended on these (`queuectl dlq list`)");
        }
        return string.Join('\n', lines);
    }

    private static string ConfigText(ConfigView config)
    {
        var table = new TextTable("KEY", "VALUE");
        foreach (var (key, value) in config.Values)
        {
            table.Add(key, value);
        }
        return table.ToString();
    }

    private static string ConfigJson(ConfigView config) => JsonOutput.Write(w =>
    {
        w.WriteStartObject();
        foreach (var (key, value) in config.Values)
        {
            w.WriteString(key, value);
        }
        w.WriteEndObject();
    });

    private static CliOutcome Finished(JobsFinished finished, bool json)
    {
        var stdout = json ? JsonOutput.Jobs(finished.Jobs) : JobListText.Finished(finished.Jobs);
        var dead = finished.Jobs.Where(j => j.State == JobState.Dead).Select(j => j.Id).ToList();
        if (dead.Count == 0)
        {
            return Ok(stdout);
        }
        var shown = dead.Count <= 10 ? string.Join(", ", dead) : string.Join(", ", dead.Take(10)) + $" and {dead.Count - 10} more";
        return new CliOutcome(
            ExitCodes.JobsDead,
            stdout,
            $"queuectl: {dead.Count} of {finished.Jobs.Length} jobs ended dead: {shown}; " +
            "see why with `queuectl dlq list` or `queuectl logs ID`, run them again with `queuectl dlq retry ID`");
    }

    private static string HostStartedText(HostStarted started) => started.AlreadyRunning
        ? $"A host is already running on {started.Address} (pid {started.Pid}, data {started.DataLocation})"
        : $"Host started on {started.Address} (pid {started.Pid}, data {started.DataLocation})";

    private static string HostStartedJson(HostStarted started) => JsonOutput.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("address", started.Address.ToString());
        w.WriteNumber("pid", started.Pid);
        w.WriteString("data_location", started.DataLocation);
        w.WriteString("version", started.Version);
        w.WriteBoolean("already_running", started.AlreadyRunning);
        w.WriteEndObject();
    });
}
