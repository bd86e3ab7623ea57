using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Serialization;
using MemoryPack;

namespace QueueCtl.Actors.Domain;

/// <summary>
/// One job with every field of spec section 2. Immutable: <see cref="QueueState.Apply"/> returns a new one.
/// <see cref="Sequence"/> is the enqueue order; equal priorities run in that order. <see cref="RunAt"/> is the earliest start:
/// the enqueue time unless the job was scheduled (see <see cref="WaitsForRunAt"/>). <see cref="Interruptions"/> counts the
/// interrupted runs that count toward the DLQ limit, <see cref="HostInterruptions"/> those the host's own faults caused;
/// neither spends a retry. A snapshot's load interns <see cref="Queue"/> (<c>InternStringFormatter</c>): 100,000 jobs of a
/// queue share its name. Interning commands and reasons as well saved 18 MB of 100,000 jobs but slowed the restart.
/// <see cref="CancelRequested"/>: a running job is being canceled (it ends dead);
/// <see cref="DeadDependency"/>: the dependency whose death sent this job to the DLQ, so its retry brings this one back.
/// </summary>
[MemoryPackable]
public sealed partial record Job(
    string Id,
    string Command,
    JobState State,
    int Attempts,
    int MaxRetries,
    int Priority,
    DateTimeOffset RunAt,
    int? TimeoutSeconds,
    ImmutableArray<string> DependsOn,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    int? ExitCode,
    string? LastError,
    DateTimeOffset? NextAttemptAt,
    int Interruptions,
    long Sequence,
    ImmutableList<JobTransition> History,
    int HostInterruptions = 0,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool CancelRequested = false,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DeadDependency = null,
    [property: InternStringFormatter] string Queue = QueueNames.Default)
{
    /// <summary>A new pending job as <see cref="JobsEnqueued"/> records it.</summary>
    public static Job New(NewJob spec, long sequence, DateTimeOffset at) => new(
        Id: spec.Id,
        Command: spec.Command,
        State: JobState.Pending,
        Attempts: 0,
        MaxRetries: spec.MaxRetries,
        Priority: spec.Priority,
        RunAt: spec.RunAt ?? at,
        TimeoutSeconds: spec.TimeoutSeconds,
        DependsOn: spec.DependsOn.IsDefault ? ImmutableArray<string>.Empty : spec.DependsOn,
        CreatedAt: at,
        UpdatedAt: at,
        StartedAt: null,
        FinishedAt: null,
        ExitCode: null,
        LastError: null,
        NextAttemptAt: null,
        Interruptions: 0,
        Sequence: sequence,
        Queue: QueueNames.Of(spec.Queue),
        History: ImmutableList.Create(new JobTransition(at, JobState.Pending, EnqueuedReason(spec, at))));

    private static string EnqueuedReason(NewJob spec, DateTimeOffset at)
    {
        var reason = spec.RunAt is { } runAt && runAt > at ? string.Create(CultureInfo.InvariantCulture, $"enqueued; runs at {runAt:O}") : "enqueued";
        return spec.DependsOn.IsDefaultOrEmpty ? reason : $"{reason}; runs after {string.Join(", ", spec.DependsOn)} completed";
    }

    /// <summary>
    /// Pending, but not to be started before <see cref="RunAt"/>: a scheduled job whose time has not come. Every change
    /// of a job moves <see cref="UpdatedAt"/> to its time, and a scheduled job is only made runnable
    /// (<see cref="ScheduledJobsDue"/>) at or after its run_at, so "run_at is still ahead of the last change" says exactly
    /// that, from the job alone: recovery and snapshots rebuild the same indexes without a field of their own.
    /// </summary>
    [JsonIgnore]
    [MemoryPackIgnore]
    public bool WaitsForRunAt => State == JobState.Pending && RunAt > UpdatedAt;

    /// <summary>Moves to <paramref name="state"/> and records why in <see cref="History"/>.</summary>
    public Job Transition(JobState state, DateTimeOffset at, string reason) => this with
    {
        State = state,
        UpdatedAt = at,
        History = (History.Count >= MaxHistory ? History.RemoveAt(0) : History).Add(new JobTransition(at, state, reason)),
    };

    /// <summary>A job that keeps failing keeps only its latest transitions.</summary>
    public const int MaxHistory = 32;
}

/// <summary>One line of a job's history, shown by <c>queuectl show</c>.</summary>
[MemoryPackable]
public sealed partial record JobTransition(DateTimeOffset At, JobState State, string Reason);
