using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Sql.Config;
using Microsoft.Data.Sqlite;

namespace QueueCtl.Host.Journal;

/// <summary>
/// Reads a persistence id's events back for recovery with one SELECT over one connection, as the plugin's own rows (its
/// table and column configuration, <c>deleted</c> rows left out, its serializer identifiers and manifests). The plugin
/// replays through Akka.Streams, LanguageExt and linq2db in batches; measured with <c>bench/big-queue</c>, that was most of a
/// restart of a queue that keeps 100,000 jobs (about 50 us an event), this a small part of it.
/// </summary>
internal sealed class JournalReplay
{
    private readonly string _connectionString;
    private readonly string _pragmas;
    private readonly Akka.Serialization.Serialization _serialization;
    private readonly string _sql;
    private readonly bool _hasWriterUuid;

    public JournalReplay(string connectionString, string pragmas, JournalConfig config, Akka.Serialization.Serialization serialization)
    {
        (_connectionString, _pragmas, _serialization) = (connectionString, pragmas, serialization);
        var table = config.TableConfig.EventJournalTable;
        var c = table.ColumnNames;
        _hasWriterUuid = table.UseWriterUuidColumn;
        var name = config.TableConfig.SchemaName is { } schema ? $"{Quote(schema)}.{Quote(table.Name)}" : Quote(table.Name);
        _sql = $"SELECT {Quote(c.SequenceNumber)}, {Quote(c.Message)}, {Quote(c.Identifier)}, {Quote(c.Manifest)}, {Quote(c.Created)}, " +
               $"{(_hasWriterUuid ? Quote(c.WriterUuid) : "NULL")} FROM {name} " +
               $"WHERE {Quote(c.PersistenceId)} = $id AND {Quote(c.SequenceNumber)} >= $from AND {Quote(c.SequenceNumber)} <= $to " +
               $"AND {Quote(c.Deleted)} = 0 ORDER BY {Quote(c.SequenceNumber)} LIMIT $max";
    }

    /// <summary>Every stored event of <paramref name="persistenceId"/> from <paramref name="from"/> to <paramref name="to"/>, at most <paramref name="max"/>, in order.</summary>
    public Task ReplayAsync(string persistenceId, long from, long to, long max, Action<IPersistentRepresentation> recovered) =>
        Task.Run(() => // off the journal actor's thread: SQLite reads block
        {
            using var connection = new SqliteConnection(_connectionString);
            connection.Open();
            using (var pragmas = connection.CreateCommand())
            {
                pragmas.CommandText = _pragmas;
                pragmas.ExecuteNonQuery();
            }
            using var command = connection.CreateCommand();
            command.CommandText = _sql;
            command.Parameters.AddWithValue("$id", persistenceId);
            command.Parameters.AddWithValue("$from", from);
            command.Parameters.AddWithValue("$to", to);
            command.Parameters.AddWithValue("$max", Math.Min(max, long.MaxValue));
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var manifest = reader.IsDBNull(3) ? "" : reader.GetString(3);
                var message = (byte[])reader.GetValue(1);
                var payload = reader.IsDBNull(2)
                    ? _serialization.FindSerializerForType(Type.GetType(manifest, throwOnError: true)!).FromBinary(message, Type.GetType(manifest))
                    : _serialization.Deserialize(message, reader.GetInt32(2), manifest);
                recovered(new Persistent(payload, reader.GetInt64(0), persistenceId, manifest, isDeleted: false, ActorRefs.NoSender,
                    reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetInt64(4)));
            }
        });

    private static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"")}\"";
}
