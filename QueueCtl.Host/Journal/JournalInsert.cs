using Akka.Persistence.Sql.Config;
using Akka.Persistence.Sql.Journal.Types;
using Microsoft.Data.Sqlite;

namespace QueueCtl.Host.Journal;

/// <summary>
/// The INSERT of one journal row, with the columns the plugin's own mapping writes for the configured table
/// (<c>AkkaPersistenceDataConnectionFactory.MapJournalRow</c>): <c>ordering</c> is left to SQLite (INTEGER PRIMARY KEY),
/// <c>tags</c> is written only when tags are kept in that column, <c>writer_uuid</c> only when the table has it.
/// </summary>
internal sealed class JournalInsert
{
    private readonly List<(string Parameter, Func<JournalRow, object?> Value)> _columns;
    private readonly string _sql;

    public JournalInsert(JournalConfig config)
    {
        var table = config.TableConfig.EventJournalTable;
        var names = table.ColumnNames;
        _columns =
        [
            (names.Deleted, r => r.Deleted),
            (names.PersistenceId, r => r.PersistenceId),
            (names.SequenceNumber, r => r.SequenceNumber),
            (names.Created, r => r.Timestamp),
            (names.Message, r => r.Message),
            (names.Identifier, r => r.Identifier),
            (names.Manifest, r => r.Manifest),
        ];
        if (config.PluginConfig.TagMode != TagMode.TagTable)
        {
            _columns.Add((names.Tags, r => r.Tags));
        }
        if (table.UseWriterUuidColumn)
        {
            _columns.Add((names.WriterUuid, r => r.WriterUuid));
        }
        var name = config.TableConfig.SchemaName is { } schema ? $"{Quote(schema)}.{Quote(table.Name)}" : Quote(table.Name);
        _sql = $"INSERT INTO {name} ({string.Join(", ", _columns.Select(c => Quote(c.Parameter)))}) " +
              $"VALUES ({string.Join(", ", _columns.Select((_, i) => $"$p{i}"))})";
    }

    /// <summary>A command for <paramref name="connection"/>, prepared once and bound again for every row.</summary>
    public SqliteCommand Prepare(SqliteConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = _sql;
        for (var i = 0; i < _columns.Count; i++)
        {
            command.Parameters.Add(new SqliteParameter($"$p{i}", null));
        }
        command.Prepare();
        return command;
    }

    /// <summary>Sets the parameters of a command from <see cref="Prepare"/> to <paramref name="row"/>.</summary>
    public void Bind(SqliteCommand command, JournalRow row)
    {
        for (var i = 0; i < _columns.Count; i++)
        {
            command.Parameters[i].Value = _columns[i].Value(row) ?? DBNull.Value;
        }
    }

    private static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"")}\"";
}
