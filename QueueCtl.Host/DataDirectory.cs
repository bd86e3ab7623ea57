using Microsoft.Data.Sqlite;

namespace QueueCtl.Host;

/// <summary>
/// The host's data directory: <c>queue.db</c> (SQLite journal and snapshots), <c>logs/</c> (job output),
/// <c>host.log</c>. One host per directory: <c>host.lock</c> is held open with an exclusive lock for the host's life.
/// </summary>
internal sealed class DataDirectory : IDisposable
{
    private readonly FileStream _lock;

    public string Path { get; }

    public string DatabasePath => System.IO.Path.Combine(Path, "queue.db");

    public string HostLogPath => System.IO.Path.Combine(Path, "host.log");

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
            Directory.CreateDirectory(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, $"cannot create data directory {path}: {e.Message}");
        }
        FileStream stream;
        try
        {
            stream = new FileStream(System.IO.Path.Combine(path, "host.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            var pid = File.Exists(System.IO.Path.Combine(path, "host.pid")) ? File.ReadAllText(System.IO.Path.Combine(path, "host.pid")).Trim() : "?";
            return (null, $"another queuectl host (pid {pid}) is already running on data directory {path}; " +
                          "stop it with 'queuectl host stop' or choose another directory with --data-dir / QUEUECTL_HOME");
        }
        var directory = new DataDirectory(path, stream);
        File.WriteAllText(directory.PidPath, Environment.ProcessId.ToString());
        directory.EnableWriteAheadLog();
        return (directory, null);
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
