namespace QueueCtl.Actors.Domain;

/// <summary>How one run of a job's command ended. Outcomes are data, not exceptions.</summary>
public abstract record RunOutcome
{
    private RunOutcome() { }

    public sealed record Exited(int Code) : RunOutcome;

    public sealed record CouldNotStart(string Error) : RunOutcome;

    public sealed record TimedOut(TimeSpan After) : RunOutcome;

    /// <summary>The run was killed or lost by the host; <paramref name="Counted"/> is false where the host's own fault caused it.</summary>
    public sealed record Interrupted(string Reason, bool Counted = true) : RunOutcome;
}
