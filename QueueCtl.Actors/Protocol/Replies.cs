using System.Collections.Immutable;
using System.Text.Json.Serialization;
using QueueCtl.Actors.Domain;

namespace QueueCtl.Actors.Protocol;

/// <summary>Why a command was refused. The CLI exits 2 for <see cref="InvalidInput"/>, else 1.</summary>
public enum RejectionKind
{
    [JsonStringEnumMemberName("invalid_input")] InvalidInput,
    [JsonStringEnumMemberName("not_found")] NotFound,
    [JsonStringEnumMemberName("conflict")] Conflict,
    [JsonStringEnumMemberName("wrong_state")] WrongState,
    [JsonStringEnumMemberName("protocol_mismatch")] ProtocolMismatch,

    /// <summary>The queue could not store the command, or is restarting after a storage fault; it resumes by itself.</summary>
    [JsonStringEnumMemberName("unavailable")] Unavailable,
}

/// <summary>The answer to a command the queue refused. Nothing was stored.</summary>
public sealed record CommandRejected(RejectionKind Kind, string Reason) : IQueueCtlMessage;

public sealed record ProtocolAccepted(int Version, string HostVersion) : IQueueCtlMessage;

/// <summary>How many jobs were enqueued (all pending), and the jobs themselves when they were asked for.</summary>
public sealed record JobsAccepted(int Count, ImmutableArray<Job> Jobs) : IQueueCtlMessage;

public sealed record WorkersView(int Configured, int Busy) : IQueueCtlMessage;

/// <summary>One queue: its jobs by state (every state present), its workers, and whether it is paused.</summary>
public sealed record QueueView(string Name, ImmutableSortedDictionary<string, int> Counts, int Workers, int Busy, bool Paused);

/// <summary><c>queuectl queue list</c>, and the answer to <c>queue pause</c> / <c>resume</c> (the one queue).</summary>
public sealed record QueueList(ImmutableArray<QueueView> Queues) : IQueueCtlMessage;

/// <summary>
/// The jobs back in pending: those named, and the dependants that died with them (<see cref="JobDependencies"/>). A
/// <c>dlq retry --all</c> of more ids than fit <see cref="IdBudget"/> names the first of them, and <see cref="Count"/>
/// says how many there were (left out when all are named), so the reply never outgrows a remoting frame.
/// </summary>
public sealed record DeadJobsRetried(
    ImmutableArray<string> JobIds,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Count = null) : IQueueCtlMessage
{
    /// <summary>How many jobs went back to pending.</summary>
    public int Total => Count ?? JobIds.Length;

    public static DeadJobsRetried Of(IReadOnlyList<string> ids)
    {
        var (named, count) = IdBudget.Fit(ids);
        return new DeadJobsRetried(named, count);
    }
}

/// <summary>
/// How many ids a reply names: a quarter of a frame's worth. Ids are at most 128 ASCII characters, so 1,000,000 of them
/// would not fit one frame; a reply names the first that fit and counts them all.
/// </summary>
public static class IdBudget
{
    public const int MaxIdBytes = 4 * 1024 * 1024;

    /// <summary>The ids that fit, and their full count when some were left out (null when all are named).</summary>
    public static (ImmutableArray<string> Named, int? Count) Fit(IReadOnlyList<string> ids)
    {
        var bytes = 0L;
        for (var i = 0; i < ids.Count; i++)
        {
            bytes += ids[i].Length + 3; // quotes and a comma
            if (bytes > MaxIdBytes)
            {
                return ([.. ids.Take(i)], ids.Count);
            }
        }
        return ([.. ids], null);
    }
}

/// <summary>
/// The answer to <see cref="CancelJobs"/>: <see cref="Canceled"/> are dead already; <see cref="Killing"/> were running and
/// end dead once their process group is gone. <see cref="Dependants"/> went to the DLQ with them (jobs waiting for them),
/// all dead already; a chain of more than <see cref="IdBudget"/> names the first and <see cref="DependantCount"/> counts
/// them all (left out when all are named).
/// </summary>
public sealed record JobsCanceled(
    ImmutableArray<string> Canceled,
    ImmutableArray<string> Killing,
    ImmutableArray<string> Dependants,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? DependantCount = null) : IQueueCtlMessage
{
    /// <summary>How many dependants died with the canceled jobs.</summary>
    public int DependantTotal => DependantCount ?? Dependants.Length;

    public static JobsCanceled Of(ImmutableArray<string> canceled, ImmutableArray<string> killing, IReadOnlyList<string> dependants)
    {
        var (named, count) = IdBudget.Fit(dependants);
        return new JobsCanceled(canceled, killing, named, count);
    }
}

/// <summary>Every setting, by its canonical key (<c>max-retries</c>, ...).</summary>
public sealed record ConfigView(ImmutableSortedDictionary<string, string> Values) : IQueueCtlMessage;

public sealed record HostInfo(string Address, int Pid, string Version, DateTimeOffset StartedAt, string DataLocation);

/// <summary>
/// <c>queuectl status</c>. <see cref="Scheduled"/> of the pending jobs wait for their run_at, the earliest at
/// <see cref="NextRunAt"/> (both absent from a host before scheduled jobs: 0 and null). <see cref="Queues"/> is every queue
/// (absent from a host before named queues).
/// </summary>
public sealed record StatusView(
    ImmutableSortedDictionary<string, int> Counts,
    int Total,
    int WorkersConfigured,
    int WorkersBusy,
    HostInfo Host,
    int Scheduled = 0,
    DateTimeOffset? NextRunAt = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] ImmutableArray<QueueView> Queues = default) : IQueueCtlMessage;

/// <summary>At most the requested number of jobs, newest first; <see cref="Matching"/> counts all that matched.</summary>
public sealed record JobList(ImmutableArray<Job> Jobs, int Matching) : IQueueCtlMessage;

public sealed record JobDetails(Job Job) : IQueueCtlMessage;

/// <summary>The answer to <see cref="CleanJobs"/>: how many jobs were forgotten, and how many that matched were kept for others.</summary>
public sealed record JobsCleaned(int Forgotten, int Kept) : IQueueCtlMessage;

/// <summary>Output from <see cref="Offset"/>; <see cref="NextOffset"/> is where the next read starts.</summary>
public sealed record JobLogChunk(string JobId, long Offset, long NextOffset, string Text, bool EndOfLog) : IQueueCtlMessage;

/// <summary>The last message of a <see cref="FollowJobLog"/>: the job ended in <see cref="State"/> and all its output was sent.</summary>
public sealed record JobLogFollowEnded(string JobId, JobState State, long NextOffset) : IQueueCtlMessage;

public sealed record JobsFinished(ImmutableArray<Job> Jobs) : IQueueCtlMessage;

/// <summary>The answer to <c>host stop</c>: the host's pid, and the grace its running jobs get (null from a host before 0.2).</summary>
public sealed record HostStopping(int Pid, TimeSpan? Grace = null) : IQueueCtlMessage;

/// <summary>
/// The queue's figures (<c>queuectl metrics</c>), from the manager's stored events since it started, not from a scan:
/// jobs by state, throughput per kind of event, percentiles of the latest run times, queue waits (runnable → started)
/// and journal writes, workers per queue, the host process's uptime, CPU and memory, and the counts of each of the last
/// 60 minutes.
/// </summary>
public sealed record MetricsView(
    DateTimeOffset At,
    ImmutableSortedDictionary<string, int> Jobs,
    ImmutableArray<ThroughputView> Throughput,
    PercentilesView RunSeconds,
    PercentilesView WaitSeconds,
    PercentilesView WriteSeconds,
    PercentilesView EventsPerWrite,
    int WorkersConfigured,
    int WorkersBusy,
    ImmutableArray<QueueView> Queues,
    ProcessView Host,
    ImmutableArray<MinuteView> LastHour) : IQueueCtlMessage;

/// <summary>What was stored in one minute (from <see cref="Minute"/>): a point of the dashboard's chart of the last hour.</summary>
public sealed record MinuteView(DateTimeOffset Minute, long Enqueued, long Completed, long Failed, long Dead);

/// <summary>How many events of one kind (enqueued, completed, failed, dead) were stored, and how many per second.</summary>
public sealed record ThroughputView(
    string Name,
    long Total,
    [property: JsonPropertyName("per_second_1m")] double PerSecondLastMinute,
    [property: JsonPropertyName("per_second_5m")] double PerSecondLastFiveMinutes,
    double PerSecondSinceStart);

/// <summary>Nearest-rank percentiles over the latest <see cref="Count"/> values.</summary>
public sealed record PercentilesView(int Count, double P50, double P95, double P99);

/// <summary>The process the queue runs in: how long it has run, its CPU time (and average share of one core) and resident memory.</summary>
public sealed record ProcessView(double UptimeSeconds, double CpuSeconds, double CpuPercent, long ResidentBytes);

/// <summary>The dashboard's URL with a one-time token in it; the first request with the token gets a session cookie.</summary>
public sealed record DashboardOpened(string Url) : IQueueCtlMessage;
