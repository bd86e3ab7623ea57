namespace QueueCtl.Actors.Hosting;

/// <summary>
/// The Akka.Hosting registry key of the queue manager: <c>registry.Get&lt;QueueManager&gt;()</c> (or
/// <c>IRequiredActor&lt;QueueManager&gt;</c>) gives the actor an embedding application sends protocol messages to.
/// </summary>
public sealed class QueueManager;
