using System.Collections.Immutable;
using Akka.Persistence;
using Akka.Persistence.Journal;
using QueueCtl.Actors.Domain;

namespace QueueCtl.Tests.Actors.Support;

/// <summary>
/// The in-memory journal, refusing (as a journal refuses an event it cannot serialize) every write that holds a
/// <see cref="ConfigChanged"/> to <see cref="RejectedValue"/>; the other writes are stored as usual.
/// </summary>
public sealed class RejectingJournal : MemoryJournal
{
    public const string RejectedValue = "13";

    public const string Hocon = """
        akka.persistence.journal.plugin = "akka.persistence.journal.rejecting"
        akka.persistence.journal.rejecting {
          class = "QueueCtl.Tests.Actors.Support.RejectingJournal, QueueCtl.Tests.Actors"
          plugin-dispatcher = "akka.actor.default-dispatcher"
        }
        """;

    protected override async Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        var writes = messages.ToList();
        var rejections = writes.Select(write => ((IEnumerable<IPersistentRepresentation>)write.Payload)
                .Any(e => e.Payload is ConfigChanged { Value: RejectedValue })
            ? new NotSupportedException($"the test journal refuses a config value of {RejectedValue}")
            : (Exception?)null).ToList();
        var stored = await base.WriteMessagesAsync(writes.Where((_, i) => rejections[i] is null), cancellationToken);
        return rejections.TrueForAll(r => r is null) ? stored : rejections.ToImmutableList<Exception?>()!;
    }
}
