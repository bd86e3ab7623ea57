using System.Collections.Immutable;
using System.Text.Json.Serialization;
using QueueCtl.Actors.Domain;

namespace QueueCtl.Actors.Protocol;

/// <summary>
/// One job as submitted. A null id gets a UUID; a null max_retries takes the configured value. <see cref="Priority"/>
/// runs from <see cref="JobPriority.Min"/> to <see cref="JobPriority.Max"/>, higher first; <see cref="RunAt"/> is the
/// earliest start (null or a time already past: as soon as a worker is free). <see cref="TimeoutSeconds"/> kills a run
/// still going after it (null: the configured <c>job-timeout-seconds</c>, 0 there meaning none). They are left out of the
/// message at their defaults, so a bulk enqueue of plain jobs is no larger than before they existed. <see cref="DependsOn"/>
/// names jobs that must be completed before this one starts (<see cref="JobDependencies"/>). <see cref="Queue"/> names its
/// queue (<see cref="QueueNames"/>; null: the default queue).
/// </summary>
public sealed record JobSubmission(
    string? Id,
    string Command,
    int? MaxRetries = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int Priority = 0,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? RunAt = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? TimeoutSeconds = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] ImmutableArray<string> DependsOn = default,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Queue = null);

/// <summary>
/// <c>queuectl enqueue</c> in all its forms; bulk input arrives in batches. Reply: <see cref="JobsAccepted"/>,
/// with the new jobs in full unless <see cref="ReplyWithJobs"/> is false (a bulk enqueue needs only the count).
/// </summary>
public sealed record EnqueueJobs(ImmutableArray<JobSubmission> Jobs, bool ReplyWithJobs = true) : IQueueCtlMessage;

/// <summary>
/// <c>queuectl worker start [--queue NAME] --count N</c>: sets how many jobs of that queue (null: the default queue) run at
/// once. Reply: <see cref="WorkersView"/>, of that queue.
/// </summary>
public sealed record StartWorkers(
    int Count,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Queue = null) : IQueueCtlMessage;

/// <summary>
/// <c>queuectl worker stop [--wait]</c>: no new job is taken, running jobs finish. With <see cref="Wait"/>
/// the reply comes once nothing runs any more. With <see cref="Queue"/> only that queue's workers stop; without, every
/// queue's. Reply: <see cref="WorkersView"/>.
/// </summary>
public sealed record StopWorkers(
    bool Wait,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Queue = null) : IQueueCtlMessage;

/// <summary>
/// <c>queuectl queue pause NAME</c>: the queue starts no new job (running ones finish) until resumed; remembered across
/// restarts. Reply: <see cref="QueueList"/> with that queue.
/// </summary>
public sealed record PauseQueue(string Queue) : IQueueCtlMessage;

/// <summary><c>queuectl queue resume NAME</c>. Reply: <see cref="QueueList"/> with that queue.</summary>
public sealed record ResumeQueue(string Queue) : IQueueCtlMessage;

/// <summary><c>queuectl dlq retry ID</c>. Reply: <see cref="DeadJobsRetried"/>.</summary>
public sealed record RetryDeadJob(string JobId) : IQueueCtlMessage;

/// <summary><c>queuectl dlq retry --all</c>. Reply: <see cref="DeadJobsRetried"/>.</summary>
public sealed record RetryAllDeadJobs : IQueueCtlMessage
{
    public static readonly RetryAllDeadJobs Instance = new();
}

/// <summary>
/// <c>queuectl cancel ID…</c>: a job not running ends dead at once with reason "canceled"; a running one has its process
/// group killed first (SIGTERM, then SIGKILL after <c>queuectl.kill-grace</c>) and ends dead the same way when its run
/// ends. All or nothing: an unknown or finished job among them refuses the whole command. Reply: <see cref="JobsCanceled"/>.
/// </summary>
public sealed record CancelJobs(ImmutableArray<string> JobIds) : IQueueCtlMessage;

/// <summary>
/// <c>queuectl clean [--state S] [--older-than AGE] [--all]</c>: forgets the finished jobs in <see cref="State"/> (completed
/// or dead; null: both) that finished more than <see cref="OlderThanSeconds"/> ago (null: any time), with their logs. Jobs
/// others still depend on or a client waits for are kept. Reply: <see cref="JobsCleaned"/>. Needs protocol 4.
/// </summary>
public sealed record CleanJobs(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JobState? State,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? OlderThanSeconds) : IQueueCtlMessage;

/// <summary><c>queuectl config set KEY VALUE</c>. Reply: <see cref="ConfigView"/>.</summary>
public sealed record SetConfig(string Key, string Value) : IQueueCtlMessage;

/// <summary><c>queuectl host stop</c>: the host shuts down gracefully. Reply: <see cref="HostStopping"/>.</summary>
public sealed record StopHost : IQueueCtlMessage
{
    public static readonly StopHost Instance = new();
}

/// <summary>
/// <c>queuectl dashboard</c>, to the host-control actor: serve the web dashboard (on loopback) if it is not served yet,
/// and give me a URL holding a new one-time token. Reply: <see cref="DashboardOpened"/>, or <see cref="CommandRejected"/>
/// (unavailable) when the host cannot serve it. Needs protocol 5.
/// </summary>
public sealed record OpenDashboard : IQueueCtlMessage
{
    public static readonly OpenDashboard Instance = new();
}
