namespace QueueCtl.Actors.Protocol;

/// <summary>
/// Marks every message the CLI and embedding applications send to the queue and every reply.
/// Bound to the queuectl serializer, so each travels under a stable manifest.
/// </summary>
public interface IQueueCtlMessage;

/// <summary>The version of these messages. A CLI and a host that differ refuse each other (spec 4).</summary>
public static class ProtocolVersion
{
    public const int Current = 1;
}
