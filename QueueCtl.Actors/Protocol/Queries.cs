using System.Collections.Immutable;
using QueueCtl.Actors.Domain;

namespace QueueCtl.Actors.Protocol;

/// <summary>Sent first by every CLI call. Reply: <see cref="ProtocolAccepted"/> or <see cref="CommandRejected"/>.</summary>
public sealed record CheckProtocol(int Version, string ClientVersion) : IQueueCtlMessage;

/// <summary><c>queuectl status</c>. Reply: <see cref="StatusView"/>.</summary>
public sealed record GetStatus : IQueueCtlMessage
{
    public static readonly GetStatus Instance = new();
}

/// <summary><c>queuectl list</c> and <c>queuectl dlq list</c> (state dead). Newest first. Reply: <see cref="JobList"/>.</summary>
public sealed record ListJobs(JobState? State, int Limit) : IQueueCtlMessage;

/// <summary><c>queuectl show ID</c>. Reply: <see cref="JobDetails"/>.</summary>
public sealed record GetJob(string JobId) : IQueueCtlMessage;

/// <summary><c>queuectl logs ID</c>: up to <see cref="MaxBytes"/> of output from <see cref="Offset"/>. Reply: <see cref="JobLogChunk"/>.</summary>
public sealed record GetJobLog(string JobId, long Offset, int MaxBytes) : IQueueCtlMessage;

/// <summary><c>queuectl config show</c> / <c>config get</c>. Reply: <see cref="ConfigView"/>.</summary>
public sealed record GetConfig : IQueueCtlMessage
{
    public static readonly GetConfig Instance = new();
}

/// <summary><c>queuectl wait ID...</c>: the reply comes once every job is completed or dead. Reply: <see cref="JobsFinished"/>.</summary>
public sealed record WaitForJobs(ImmutableArray<string> JobIds) : IQueueCtlMessage;
