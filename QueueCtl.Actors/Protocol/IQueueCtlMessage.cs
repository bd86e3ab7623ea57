namespace QueueCtl.Actors.Protocol;

/// <summary>
/// Marks every message the CLI and embedding applications send to the queue and every reply.
/// Bound to the queuectl serializer, so each travels under a stable manifest.
/// </summary>
public interface IQueueCtlMessage;

/// <summary>
/// The version of these messages (spec 4). A host accepts a client of <see cref="Oldest"/> to <see cref="Current"/> and
/// refuses any other with a clear message, instead of misreading its messages.
/// </summary>
public static class ProtocolVersion
{
    /// <summary>
    /// 2: <see cref="JobSubmission"/> carries priority and run_at, which a host of 1 would silently drop. 3: depends_on
    /// (dropped by a host of 2 as silently), <see cref="CancelJobs"/> and the pushed <c>logs --follow</c>. 4: the paging of
    /// <see cref="ListJobs"/> (a host of 3 would ignore the offset and answer the first page again) and <see cref="CleanJobs"/>. 5: <see cref="GetMetrics"/> and <see cref="OpenDashboard"/>.
    /// </summary>
    public const int Current = 5;

    /// <summary>A client of 1 to 4 sends nothing a host of 5 reads otherwise, and ignores the fields later versions added to replies.</summary>
    public const int Oldest = 1;

    public static bool IsAccepted(int version) => version is >= Oldest and <= Current;
}
