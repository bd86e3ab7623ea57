using System.Collections.Immutable;
using Akka.Actor;
using Akka.Persistence;
using QueueCtl.Actors.Domain;

namespace QueueCtl.Tests.Actors.Support;

/// <summary>
/// Recovers a persistence id read-only and reports what the journal and snapshot store hold for it.
/// It never persists, so it can read the queue's journal while the queue manager keeps running.
/// </summary>
internal sealed class JournalReader : ReceivePersistentActor
{
    private readonly string _persistenceId;
    private QueueSnapshot? _snapshot;
    private readonly List<IQueueEvent> _events = [];

    public JournalReader(string persistenceId)
    {
        _persistenceId = persistenceId;
        Recover<SnapshotOffer>(offer => _snapshot = (QueueSnapshot)offer.Snapshot);
        Recover<IQueueEvent>(_events.Add);
        Command<Read>(_ => Sender.Tell(new Contents(_snapshot, [.. _events])));
    }

    public override string PersistenceId => _persistenceId;

    public static Props Props(string persistenceId) => Akka.Actor.Props.Create(() => new JournalReader(persistenceId));

    public sealed record Read
    {
        public static readonly Read Instance = new();
    }

    /// <summary>The newest snapshot (null if none) and the events stored after it.</summary>
    public sealed record Contents(QueueSnapshot? Snapshot, ImmutableArray<IQueueEvent> Events);
}
