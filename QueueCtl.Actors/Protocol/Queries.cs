using System.Collections.Immutable;
using System.Text.Json.Serialization;
using QueueCtl.Actors.Domain;

namespace QueueCtl.Actors.Protocol;

/// <summary>Sent first by every CLI call. Reply: <see cref="ProtocolAccepted"/> or <see cref="CommandRejected"/>.</summary>
public sealed record CheckProtocol(int Version, string ClientVersion) : IQueueCtlMessage;

/// <summary><c>queuectl queue list</c>. Reply: <see cref="QueueList"/>.</summary>
public sealed record ListQueues : IQueueCtlMessage
{
    public static readonly ListQueues Instance = new();
}

/// <summary><c>queuectl status</c>. Reply: <see cref="StatusView"/>.</summary>
public sealed record GetStatus : IQueueCtlMessage
{
    public static readonly GetStatus Instance = new();
}

/// <summary>
/// <c>queuectl list</c> and <c>queuectl dlq list</c> (state dead): up to <see cref="Limit"/> jobs in <see cref="Order"/>
/// after skipping <see cref="Offset"/>, only those in <see cref="State"/> and whose command contains <see cref="Grep"/>
/// (null: any). Reply: <see cref="JobList"/>. A client of protocol 3 or older sends neither offset, order nor text: the
/// newest first.
/// </summary>
public sealed record ListJobs(
    JobState? State,
    int Limit,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int Offset = 0,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] JobOrder Order = JobOrder.Newest,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Grep = null) : IQueueCtlMessage;

/// <summary>The orders <c>list --sort</c> offers.</summary>
public enum JobOrder
{
    /// <summary>The newest first (no <c>--sort</c>).</summary>
    [JsonStringEnumMemberName("newest")] Newest,

    /// <summary>The order they were enqueued, oldest first: new jobs land on the last page, so offsets hold while jobs are added.</summary>
    [JsonStringEnumMemberName("created")] Created,

    /// <summary>The most recently changed first.</summary>
    [JsonStringEnumMemberName("updated")] Updated,

    /// <summary>The order a worker takes them: the highest priority first, then the oldest.</summary>
    [JsonStringEnumMemberName("priority")] Priority,
}

/// <summary><c>queuectl show ID</c>. Reply: <see cref="JobDetails"/>.</summary>
public sealed record GetJob(string JobId) : IQueueCtlMessage;

/// <summary>
/// <c>queuectl logs ID [--attempt N]</c>: up to <see cref="MaxBytes"/> of output from <see cref="Offset"/>. With
/// <see cref="Attempt"/> (the Nth run of the job's log, from 1), only that run's output, and offsets count from its first
/// byte. Reply: <see cref="JobLogChunk"/>, or <see cref="CommandRejected"/> (invalid_input for an attempt it does not have).
/// </summary>
public sealed record GetJobLog(string JobId, long Offset, int MaxBytes, int? Attempt = null) : IQueueCtlMessage;

/// <summary>
/// <c>queuectl logs ID --follow</c>, sent with the follower (an actor of the CLI) as its sender: the host pushes the
/// job's output from <see cref="Offset"/> to the sender as <see cref="JobLogChunk"/>s as it is written, waiting for a
/// <see cref="JobLogChunkReceived"/> after each, and ends with <see cref="JobLogFollowEnded"/> once the job is completed
/// or dead and its last output is sent; or sends <see cref="CommandRejected"/> (unknown job, host stopping) and stops.
/// Needs protocol 3: a host before it does not know this message.
/// </summary>
public sealed record FollowJobLog(string JobId, long Offset, int MaxBytes) : IQueueCtlMessage;

/// <summary>Follower → the sender of a pushed <see cref="JobLogChunk"/>: written out; send the next one.</summary>
public sealed record JobLogChunkReceived(long NextOffset) : IQueueCtlMessage;

/// <summary><c>queuectl config show</c> / <c>config get</c>. Reply: <see cref="ConfigView"/>.</summary>
public sealed record GetConfig : IQueueCtlMessage
{
    public static readonly GetConfig Instance = new();
}

/// <summary><c>queuectl wait ID...</c>: the reply comes once every job is completed or dead. Reply: <see cref="JobsFinished"/>.</summary>
public sealed record WaitForJobs(ImmutableArray<string> JobIds) : IQueueCtlMessage;

/// <summary><c>queuectl metrics</c>. Reply: <see cref="MetricsView"/>. Needs protocol 5.</summary>
public sealed record GetMetrics : IQueueCtlMessage
{
    public static readonly GetMetrics Instance = new();
}
