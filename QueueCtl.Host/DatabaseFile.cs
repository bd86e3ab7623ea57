using System.Buffers.Binary;
using Microsoft.Data.Sqlite;

namespace QueueCtl.Host;

/// <summary>
/// Start-up checks of <c>queue.db</c> before the host changes anything in it (WAL mode, the journal's tables): a file
/// that is not an SQLite database, is cut short, belongs to another program, or is locked by another process is
/// refused with its name and the fix, and left exactly as it was. Only reads are made here; a lock is tried and
/// rolled back.
/// </summary>
internal static class DatabaseFile
{
    /// <summary>The tables Akka.Persistence.Sql creates in a queue's database (SQLite provider).</summary>
    private static readonly string[] OurTables = ["journal", "snapshot", "tags"];

    /// <summary>Columns of the journal table the host reads; a table named "journal" without them is someone else's.</summary>
    private static readonly string[] JournalColumns = ["ordering", "persistence_id", "sequence_number", "message", "manifest"];

    private static readonly byte[] Magic = "SQLite format 3\0"u8.ToArray();

    /// <summary>How long the host waits for another process's lock on the database before it gives up.</summary>
    public static readonly TimeSpan LockWait = TimeSpan.FromSeconds(5);

    /// <summary>Null when <paramref name="path"/> is missing, empty, or a queuectl database the host may write; else why not.</summary>
    public static string? Problem(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        var keep = "move it away (the host then starts an empty queue) or choose another data directory with --data-dir / QUEUECTL_HOME (it was left as it is)";
        if (WritableFile.Problem(path) is { } readOnly)
        {
            return $"{path} {readOnly}, or choose another data directory with --data-dir / QUEUECTL_HOME";
        }
        byte[] header;
        long length;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            length = stream.Length;
            header = new byte[Math.Min(100, length)];
            stream.ReadExactly(header);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot read {path}: {e.Message}; check the file and its directory";
        }
        if (length == 0)
        {
            return null; // a database the host created, before its first table
        }
        if (header.Length < 100 || !header.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            return $"{path} is not an SQLite database, so not a queuectl queue; {keep}";
        }
        if (Truncated(header, length) is { } cut)
        {
            return $"{path} is damaged: {cut}; restore it from a backup, or {keep}";
        }
        return Contents(path, keep);
    }

    /// <summary>
    /// The header's page count (valid when its change counter matches "version-valid-for") against the file's length:
    /// a file shorter than its own header says has lost its end.
    /// </summary>
    private static string? Truncated(byte[] header, long length)
    {
        var rawPageSize = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(16, 2));
        long pageSize = rawPageSize == 1 ? 65536 : rawPageSize;
        if (pageSize < 512 || (pageSize & (pageSize - 1)) != 0)
        {
            return $"its header gives an impossible page size ({rawPageSize})";
        }
        var changeCounter = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(24, 4));
        var pages = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(28, 4));
        var validFor = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(92, 4));
        if (changeCounter == validFor && pages > 0 && length < pages * pageSize)
        {
            return $"it is {length} bytes long where its header says {pages} pages of {pageSize} bytes ({pages * pageSize} bytes): its end is missing";
        }
        return null;
    }

    /// <summary>Reads the schema (nothing is written) and tries the write lock the journal will need, then rolls it back.</summary>
    private static string? Contents(string path, string keep)
    {
        try
        {
            // Read-only first: opening a file read-write may already write to it (a WAL file of another program
            // would be checkpointed into it when the connection closes).
            using (var reading = Open(path, SqliteOpenMode.ReadOnly))
            {
                if (Schema(reading, path, keep) is { } foreign)
                {
                    return foreign;
                }
            }
            using var db = Open(path, SqliteOpenMode.ReadWrite);
            using var begin = db.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE; ROLLBACK;";
            begin.ExecuteNonQuery();
            return null;
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6) // SQLITE_BUSY, SQLITE_LOCKED
        {
            return $"{path} is locked by another process (waited {LockWait.TotalSeconds:0} s): {e.Message.TrimEnd('.')}; " +
                   $"find it with `fuser {path}` and end it (only a queuectl host should open the queue's database), then start again";
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 8) // SQLITE_READONLY
        {
            return $"{path} cannot be written ({e.Message.TrimEnd('.')}); make it and its directory writable, or choose another data directory";
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 13) // SQLITE_FULL
        {
            return DataDirectory.CannotWrite(path, Path.GetDirectoryName(path)!, e);
        }
        catch (SqliteException e)
        {
            return $"{path} cannot be read as a database ({e.Message.TrimEnd('.')}): it is damaged or not a queuectl queue; restore it from a backup, or {keep}";
        }
    }

    private static SqliteConnection Open(string path, SqliteOpenMode mode)
    {
        var db = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = mode,
            Pooling = false,
            DefaultTimeout = (int)LockWait.TotalSeconds,
        }.ToString());
        try
        {
            db.Open();
            return db;
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    /// <summary>Null when the database holds no table or only the journal's; else which program's it seems to be.</summary>
    private static string? Schema(SqliteConnection db, string path, string keep)
    {
        var tables = Strings(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
        if (tables.Count == 0)
        {
            return null;
        }
        var columns = tables.Contains("journal") ? Strings(db, "SELECT name FROM pragma_table_info('journal')") : [];
        if (JournalColumns.All(columns.Contains) && tables.All(OurTables.Contains))
        {
            return null;
        }
        var shown = string.Join(", ", tables.Take(5)) + (tables.Count > 5 ? ", ..." : "");
        return $"{path} is an SQLite database of another program (tables: {shown}), not a queuectl queue; {keep}";
    }

    private static List<string> Strings(SqliteConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }
        return values;
    }
}
