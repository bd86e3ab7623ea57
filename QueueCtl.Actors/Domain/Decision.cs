using System.Collections.Immutable;

namespace QueueCtl.Actors.Domain;

/// <summary>What <see cref="QueueState.Decide"/> concluded: events to store, then the reply (null: none).</summary>
public sealed record Decision(ImmutableArray<IQueueEvent> Events, object? Reply)
{
    public static Decision ReplyOnly(object reply) => new(ImmutableArray<IQueueEvent>.Empty, reply);

    public static readonly Decision Nothing = new(ImmutableArray<IQueueEvent>.Empty, null);
}
