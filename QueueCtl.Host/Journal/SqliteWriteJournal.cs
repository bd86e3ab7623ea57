using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Sql;
using Akka.Persistence.Sql.Config;
using Akka.Persistence.Sql.Journal;
using Akka.Persistence.Sql.Journal.Dao;
using Akka.Persistence.Sql.Journal.Types;

namespace QueueCtl.Host.Journal;

/// <summary>
/// The host's journal: Akka.Persistence.Sql's <see cref="SqlWriteJournal"/> with a shorter write path. The plugin still
/// creates the table, replays, reads sequence numbers, deletes, and serves queries and snapshots; only the storing of
/// new events goes through <see cref="JournalRowWriter"/> instead of the plugin's Akka.Streams queue and linq2db. The
/// rows are the plugin's own (its <see cref="ByteArrayJournalSerializer"/>, its table and column configuration), so a
/// <c>queue.db</c> stays readable by the plain plugin and the other way round.
/// </summary>
/// <remarks>
/// Measured with <c>bench/journal</c>: the plugin's write path costs 350-475 us of CPU per write on this project's
/// machine, this one a fraction of it; at 2 workers the journal was half of the host's CPU per job. Tags are not written
/// to the plugin's tag table: the queue stores no tagged events, and a tagged write is rejected unless
/// <c>tag-write-mode = Csv</c> keeps tags in the journal row.
/// </remarks>
public sealed class SqliteWriteJournal : SqlWriteJournal
{
    private readonly ByteArrayJournalSerializer _serializer;
    private readonly JournalRowWriter _writer;
    private readonly TagMode _tagMode;
    private readonly ConcurrentDictionary<string, Task> _writesInProgress = new();
    private readonly TimeSpan _writeTimeout;

    public SqliteWriteJournal(Akka.Configuration.Config journalConfig) : base(journalConfig)
    {
        var config = new JournalConfig(journalConfig.WithFallback(SqlPersistence.DefaultJournalConfiguration));
        var connectionString = !string.IsNullOrEmpty(config.ConnectionString)
            ? config.ConnectionString
            : throw new ArgumentException($"{nameof(SqliteWriteJournal)} needs the connection-string of its SQLite file in its HOCON");
        _tagMode = config.PluginConfig.TagMode;
        var writerUuid = config.TableConfig.EventJournalTable.UseWriterUuidColumn ? Guid.NewGuid().ToString("N") : null;
        _serializer = new ByteArrayJournalSerializer(config, Context.System.Serialization, config.PluginConfig.TagSeparator, writerUuid);
        var synchronous = HostSettings.From(Context.System.Settings.Config).SqliteSynchronous;
        _writer = new JournalRowWriter(connectionString, SqlitePragmas.Statement(synchronous), new JournalInsert(config));
        _writeTimeout = journalConfig.GetTimeSpan("circuit-breaker.call-timeout", TimeSpan.FromSeconds(10));
    }

    /// <summary>
    /// Takes the writes from <see cref="AsyncWriteJournal"/>, which would answer each through a circuit breaker and a
    /// resequencer actor (one more hop per write) to put the answers back in the order of the writes.
    /// <see cref="JournalRowWriter"/> reports writes in their order, so they are answered where they are stored, with
    /// AsyncWriteJournal's messages (<see cref="Answer"/>). A failed write still reaches the persistent actor as
    /// <see cref="WriteMessageFailure"/>, and its supervisor restarts it with backoff. The breaker's call-timeout is kept
    /// (<c>circuit-breaker.call-timeout</c>): a write not stored by then is answered as failed, so a stalled disk or a lock
    /// never released cannot stall the queue for good. The plugin's tables exist by the first write: it comes from a
    /// persistent actor that has recovered, and the plugin answers no recovery before it has made them.
    /// </summary>
    protected override bool AroundReceive(Receive receive, object message)
    {
        if (message is WriteMessages write)
        {
            Write(write);
            return true;
        }
        return base.AroundReceive(receive, message);
    }

    private void Write(WriteMessages message)
    {
        var journal = Self;
        List<JournalRow> rows;
        Exception?[] rejections;
        string? persistenceId;
        try
        {
            var writes = PreparePersistentBatch(message.Messages).ToList(); // applies event adapters, as AsyncWriteJournal does
            (rows, rejections) = ToRows(writes);
            persistenceId = writes.Count > 0 ? writes[0].PersistenceId : null;
        }
        catch (Exception e)
        {
            // As in AsyncWriteJournal: a batch that cannot be prepared is rejected, every write of it.
            (rows, rejections, persistenceId) = ([], Enumerable.Repeat<Exception?>(e, message.Messages.Count(m => m is AtomicWrite)).ToArray(), null);
        }
        // Even a write with nothing to store (a deferred message, a rejected event) goes through the writer, so that every
        // answer leaves in the order of the writes, as the persistent actor needs.
        var inProgress = new TaskCompletionSource();
        if (persistenceId is not null)
        {
            _writesInProgress[persistenceId] = inProgress.Task;
        }
        // Answered once: by the writer, or, if it has not stored the write by the call-timeout, as failed. A write that
        // times out may still be stored later; a recovery waits for it (ReadHighestSequenceNrAsync), so it is not lost.
        var answered = 0;
        var timeout = _writeTimeout;
        var timer = Context.System.Scheduler.Advanced.ScheduleOnceCancelable(timeout, () =>
        {
            if (Interlocked.Exchange(ref answered, 1) == 0)
            {
                Answer(message, new TimeoutException($"the journal did not store a write within {timeout.TotalSeconds:0.#} s (circuit-breaker.call-timeout)"), rejections, journal);
            }
        });
        _writer.Write(rows, failure =>
        {
            timer.Cancel();
            if (persistenceId is not null)
            {
                _writesInProgress.TryRemove(new KeyValuePair<string, Task>(persistenceId, inProgress.Task));
            }
            inProgress.TrySetResult();
            if (Interlocked.Exchange(ref answered, 1) == 0)
            {
                Answer(message, failure, rejections, journal);
            }
        });
    }

    /// <summary>
    /// What <see cref="AsyncWriteJournal"/> answers a write: <see cref="WriteMessagesSuccessful"/>, then for each event
    /// <see cref="WriteMessageSuccess"/> or <see cref="WriteMessageRejected"/> (a write that could not be serialized); or,
    /// if the transaction failed, <see cref="WriteMessagesFailed"/> and a <see cref="WriteMessageFailure"/> for each event.
    /// A deferred message gets <see cref="LoopMessageSuccess"/> in its place. Each event's answer carries its original
    /// sender, which the persistent actor's handler sees as <c>Sender</c>.
    /// </summary>
    private static void Answer(WriteMessages message, Exception? failure, Exception?[] rejections, IActorRef journal)
    {
        var actor = message.PersistentActor;
        var instance = message.ActorInstanceId;
        actor.Tell(failure is null ? WriteMessagesSuccessful.Instance : new WriteMessagesFailed(failure, rejections.Length), journal);
        var i = 0;
        foreach (var envelope in message.Messages)
        {
            if (envelope is AtomicWrite write)
            {
                var rejection = rejections[i++];
                foreach (var e in (IEnumerable<IPersistentRepresentation>)write.Payload)
                {
                    actor.Tell(failure is not null ? new WriteMessageFailure(e, failure, instance)
                        : rejection is not null ? new WriteMessageRejected(e, rejection, instance)
                        : new WriteMessageSuccess(e, instance), e.Sender);
                }
            }
            else
            {
                actor.Tell(new LoopMessageSuccess(envelope.Payload, instance), envelope.Sender);
            }
        }
    }

    /// <summary>The rows of <paramref name="writes"/>, and for each write null or why it cannot be stored.</summary>
    private (List<JournalRow> Rows, Exception?[] Rejections) ToRows(List<AtomicWrite> writes)
    {
        var serialized = _serializer.Serialize(writes, DateTime.UtcNow.Ticks);
        var rows = new List<JournalRow>();
        var rejections = new Exception?[writes.Count];
        for (var i = 0; i < writes.Count; i++)
        {
            rejections[i] = serialized[i].Failure.Value ?? TagProblem(serialized[i].Success.Value!);
            if (rejections[i] is null)
            {
                rows.AddRange(serialized[i].Success.Value!);
            }
        }
        return (rows, rejections);
    }

    /// <summary>A recovering actor must see the sequence number of a write still being stored.</summary>
    public override async Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken)
    {
        if (_writesInProgress.TryGetValue(persistenceId, out var inProgress))
        {
            await inProgress.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        return await base.ReadHighestSequenceNrAsync(persistenceId, fromSequenceNr, cancellationToken);
    }

    protected override void PostStop()
    {
        _writer.Dispose();
        base.PostStop();
    }

    private Exception? TagProblem(JournalRow[] rows) =>
        _tagMode != TagMode.Csv && rows.Any(r => r.TagArray.Length > 0)
            ? new NotSupportedException("queuectl's journal keeps tags only in the journal row: set tag-write-mode = Csv to store tagged events")
            : null;
}
