namespace QueueCtl.Actors.Domain;

// Inputs to QueueState.Decide that come from inside the host, not from a client.

/// <summary>Start pending jobs while fewer than the configured number run.</summary>
public sealed record StartNextJobs
{
    public static readonly StartNextJobs Instance = new();
}

/// <summary>A worker reports how the run of <see cref="Attempt"/> ended.</summary>
public sealed record RecordRunOutcome(string JobId, int Attempt, RunOutcome Outcome);

/// <summary>A failed job's retry timer fired.</summary>
public sealed record MakeRetryDue(string JobId);

/// <summary>After recovery: every job still marked processing was cut off by the host's end.</summary>
public sealed record InterruptRunningJobs(string Reason);
