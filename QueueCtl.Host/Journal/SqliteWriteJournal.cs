using System.Collections.Concurrent;
using System.Collections.Immutable;
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
    }

    protected override Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        var writes = messages.ToList();
        var serialized = _serializer.Serialize(writes, DateTime.UtcNow.Ticks);
        var rows = new List<JournalRow>();
        var rejections = new Exception[writes.Count]; // a null entry: the write was stored
        for (var i = 0; i < writes.Count; i++)
        {
            rejections[i] = (serialized[i].Failure.Value ?? TagProblem(serialized[i].Success.Value!))!;
            if (rejections[i] is null)
            {
                rows.AddRange(serialized[i].Success.Value!);
            }
        }
        var stored = rows.Count > 0 ? _writer.WriteAsync(rows) : Task.CompletedTask;
        var persistenceId = writes[0].PersistenceId;
        _writesInProgress[persistenceId] = stored;
        return Finish(stored, persistenceId, rejections);
    }

    private async Task<IImmutableList<Exception>> Finish(Task stored, string persistenceId, Exception[] rejections)
    {
        try
        {
            await stored;
        }
        finally
        {
            _writesInProgress.TryRemove(new KeyValuePair<string, Task>(persistenceId, stored));
        }
        return ImmutableList.Create(rejections);
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
