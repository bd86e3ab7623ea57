using Microsoft.Data.Sqlite;
using QueueCtl.Actors.Security;

namespace QueueCtl.Host;

/// <summary>
/// The host's data directory: <c>queue.db</c> (SQLite journal and snapshots), <c>logs/</c> (job output),
/// <c>host.log</c>, <c>tls/</c> (the queue certificate). One host per directory: <c>host.lock</c> is held open with an
/// exclusive lock for the host's life. The directory and <c>logs/</c> are made 0700 and the database files 0600 at every
/// start, so only the owner can read jobs, their output and the key (a directory made by an older version is tightened).
/// </summary>
internal sealed class DataDirectory : IDisposable
{
    private readonly FileStream _lock;

    public string Path { get; }

    public string DatabasePath => System.IO.Path.Combine(Path, "queue.db");

    public string HostLogPath => System.IO.Path.Combine(Path, "host.log");

    public string LogDirectory => System.IO.Path.Combine(Path, "logs");

    private string PidPath => System.IO.Path.Combine(Path, "host.pid");

    private DataDirectory(string path, FileStream @lock)
    {
        Path = path;
        _lock = @lock;
    }

    /// <summary>Creates the directory if needed and takes the lock, or says which host holds it.</summary>
    public static (DataDirectory? Directory, string? Error) Open(string path)
    {
        try
        {
            OwnerOnly.CreateDirectory(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, $"cannot create data directory {path} (or make it private to its owner): {e.Message}");
        }
        FileStream stream;
        try
        {
            stream = OwnerOnly.Open(System.IO.Path.Combine(path, "host.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            var pid = File.Exists(System.IO.Path.Combine(path, "host.pid")) ? File.ReadAllText(System.IO.Path.Combine(path, "host.pid")).Trim() : "?";
            return (null, $"another queuectl host (pid {pid}) is already running on data directory {path}; " +
                          "stop it with 'queuectl host stop' or choose another directory with --data-dir / QUEUECTL_HOME");
        }
        var directory = new DataDirectory(path, stream);
        File.WriteAllText(directory.PidPath, Environment.ProcessId.ToString());
        directory.MakePrivate();
        directory.EnableWriteAheadLog();
        return (directory, null);
    }

    /// <summary>
    /// <c>logs/</c> 0700; <c>queue.db</c> created 0600 before SQLite opens it (SQLite gives its <c>-wal</c> and <c>-shm</c>
    /// files the database's mode), and an existing database and its files made 0600.
    /// </summary>
    private void MakePrivate()
    {
        OwnerOnly.CreateDirectory(LogDirectory);
        if (!File.Exists(DatabasePath))
        {
            OwnerOnly.Open(DatabasePath, FileMode.CreateNew, FileAccess.Write).Dispose();
        }
        foreach (var file in new[] { DatabasePath, DatabasePath + "-wal", DatabasePath + "-shm", HostLogPath })
        {
            OwnerOnly.RestrictFile(file);
        }
    }

    /// <summary>WAL lets the journal's writers and readers work side by side; the mode sticks to the file.</summary>
    private void EnableWriteAheadLog()
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        File.Delete(PidPath);
        _lock.Dispose();
    }
}
