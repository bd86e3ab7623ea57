using System.Collections.Immutable;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Hosting;
using QueueCtl.Actors.Protocol;

namespace QueueCtl.Cli.Output;

/// <summary><c>queuectl config get KEY</c>: one entry of a <see cref="ConfigView"/>.</summary>
internal sealed record ConfigEntry(string Key, string Value);

/// <summary><c>queuectl list</c>: a page of jobs, the first of them at <see cref="Offset"/> of those that match.</summary>
internal sealed record JobPage(JobList List, int Offset);

/// <summary>
/// <c>queuectl dlq list</c>: a page of dead jobs from <see cref="Offset"/>, shown with their last error; <see cref="Grep"/>
/// tells an empty dead letter queue from one where no command matched.
/// </summary>
internal sealed record DeadJobList(JobList List, int Offset = 0, string? Grep = null);

/// <summary><c>queuectl logs ID --json</c>: the whole captured output of one job, or of its run <see cref="Attempt"/>.</summary>
internal sealed record JobLogText(string JobId, string Text, int? Attempt = null);

/// <summary><c>queuectl host start</c>: a host answers on <see cref="Address"/>, started now or already running.</summary>
internal sealed record HostStarted(HostAddress Address, int Pid, string DataLocation, string Version, bool AlreadyRunning);

/// <summary><c>queuectl host stop</c>: the host's port is closed.</summary>
internal sealed record HostStopped(HostAddress Address, int Pid);

/// <summary><c>queuectl cancel</c>: what the host answered, and the jobs once all of them are dead.</summary>
internal sealed record CanceledJobs(JobsCanceled Reply, ImmutableArray<Job> Jobs);
