using System.Collections.Immutable;
using QueueCtl.Actors.Domain;

namespace QueueCtl.Tests.Cli;

/// <summary>Jobs as the host would send them, for render tests.</summary>
internal static class TestJobs
{
    public static readonly DateTimeOffset At = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    public static Job Pending(string id, string command = "echo hi") => new(
        Id: id,
        Command: command,
        State: JobState.Pending,
        Attempts: 0,
        MaxRetries: 3,
        Priority: 0,
        RunAt: At,
        TimeoutSeconds: null,
        DependsOn: ImmutableArray<string>.Empty,
        CreatedAt: At,
        UpdatedAt: At,
        StartedAt: null,
        FinishedAt: null,
        ExitCode: null,
        LastError: null,
        NextAttemptAt: null,
        Interruptions: 0,
        Sequence: 1,
        History: [new JobTransition(At, JobState.Pending, "enqueued")]);

    /// <summary>A job enqueued at <see cref="At"/> that waits for its run_at, <paramref name="after"/> later.</summary>
    public static Job Scheduled(string id, TimeSpan after, int priority = 0) =>
        Pending(id) with { RunAt = At + after, Priority = priority };

    public static Job Dead(string id, string error = "exit code 1") => Pending(id, "false")
        .Transition(JobState.Dead, At.AddSeconds(30), $"failed 4 times: {error}") with
        {
            Attempts = 4,
            ExitCode = 1,
            LastError = error,
            StartedAt = At.AddSeconds(29),
            FinishedAt = At.AddSeconds(30),
        };

    public static Job Completed(string id) => Pending(id)
        .Transition(JobState.Completed, At.AddSeconds(2), "exit code 0") with
        {
            Attempts = 1,
            ExitCode = 0,
            StartedAt = At.AddSeconds(1),
            FinishedAt = At.AddSeconds(2),
        };
}
