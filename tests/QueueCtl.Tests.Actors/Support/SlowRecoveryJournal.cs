using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Journal;

namespace QueueCtl.Tests.Actors.Support;

/// <summary>
/// The in-memory journal with every replay held back for <see cref="Delay"/>, so a message sent to a new manager
/// certainly arrives while it recovers (and is stashed until recovery completes), however slow the test thread is.
/// </summary>
public sealed class SlowRecoveryJournal : MemoryJournal
{
    public static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(500);

    public const string Hocon = """
        akka.persistence.journal.plugin = "akka.persistence.journal.slow-recovery"
        akka.persistence.journal.slow-recovery {
          class = "QueueCtl.Tests.Actors.Support.SlowRecoveryJournal, QueueCtl.Tests.Actors"
          plugin-dispatcher = "akka.actor.default-dispatcher"
        }
        """;

    public override async Task ReplayMessagesAsync(IActorContext context, string persistenceId, long fromSequenceNr, long toSequenceNr,
        long max, Action<IPersistentRepresentation> recoveryCallback)
    {
        await Task.Delay(Delay);
        await base.ReplayMessagesAsync(context, persistenceId, fromSequenceNr, toSequenceNr, max, recoveryCallback);
    }
}
