using System.Collections.Immutable;
using QueueCtl.Actors.Domain;

namespace QueueCtl.Actors.Manager;

// In-process only (the host's dashboard, an embedding application): never sent over remoting.

/// <summary>
/// To the queue manager: send me each journal write's events once they are stored, as <see cref="EventsStored"/>, until
/// I stop. Answered with <see cref="SubscribedToEvents"/>; whatever a query asked after that answer does not show, an
/// <see cref="EventsStored"/> will.
/// </summary>
public sealed record SubscribeToEvents
{
    public static readonly SubscribeToEvents Instance = new();
}

public sealed record SubscribedToEvents
{
    public static readonly SubscribedToEvents Instance = new();
}

/// <summary>The events of one journal write, in order, once stored.</summary>
public sealed record EventsStored(ImmutableArray<IQueueEvent> Events);
