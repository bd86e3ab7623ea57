using System.Collections.Immutable;
using Akka.Persistence;
using Akka.Persistence.Journal;

namespace QueueCtl.Tests.Actors.Support;

/// <summary>
/// The in-memory journal with every write held back for <see cref="Delay"/> before it becomes visible, so a test can
/// tell "after the event was stored" from "after the event was decided" (replays are not delayed).
/// </summary>
public sealed class SlowJournal : MemoryJournal
{
    public static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(400);

    public const string Hocon = """
        akka.persistence.journal.plugin = "akka.persistence.journal.slow"
        akka.persistence.journal.slow {
          class = "QueueCtl.Tests.Actors.Support.SlowJournal, QueueCtl.Tests.Actors"
          plugin-dispatcher = "akka.actor.default-dispatcher"
        }
        """;

    protected override async Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        await Task.Delay(Delay, cancellationToken);
        return await base.WriteMessagesAsync(messages, cancellationToken);
    }
}
