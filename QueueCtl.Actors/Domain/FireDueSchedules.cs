namespace QueueCtl.Actors.Domain;

/// <summary>
/// The due timer fired (an input from inside the host, like <see cref="ReleaseDueJobs"/>): every schedule whose next
/// firing has come enqueues one job, for its latest firing due. An early or repeated timer changes nothing.
/// </summary>
public sealed record FireDueSchedules
{
    public static readonly FireDueSchedules Instance = new();
}
