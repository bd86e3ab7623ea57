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
    private bool _pidWritten;

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

    /// <summary>
    /// Creates the directory if needed, takes the lock, and checks <c>queue.db</c> before changing anything in it; or
    /// says which host holds the lock, or what is wrong with the directory or the database and how to fix it.
    /// </summary>
    public static (DataDirectory? Directory, string? Error) Open(string path)
    {
        if (WritableFile.Problem(path) is { } readOnly)
        {
            return (null, $"data directory {path} {readOnly}, or choose another with --data-dir / QUEUECTL_HOME");
        }
        try
        {
            OwnerOnly.CreateDirectory(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, $"cannot create data directory {path} (or make it private to its owner): {e.Message}");
        }
        var lockPath = System.IO.Path.Combine(path, "host.lock");
        FileStream stream;
        try
        {
            stream = OwnerOnly.Open(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (e.HResult is SharingViolation or WouldBlock)
        {
            var pid = File.Exists(System.IO.Path.Combine(path, "host.pid")) ? File.ReadAllText(System.IO.Path.Combine(path, "host.pid")).Trim() : "?";
            return (null, $"another queuectl host (pid {pid}) is already running on data directory {path}; " +
                          "stop it with 'queuectl host stop' or choose another directory with --data-dir / QUEUECTL_HOME");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, CannotWrite(lockPath, path, e));
        }
        var directory = new DataDirectory(path, stream);
        if (directory.Prepare() is { } problem)
        {
            directory.Dispose();
            return (null, problem);
        }
        return (directory, null);
    }

    /// <summary>
    /// What .NET reports when another process holds the lock: on Linux the errno of flock(LOCK_NB), EWOULDBLOCK; on
    /// Windows ERROR_SHARING_VIOLATION. Any other failure to open the lock file is a problem of the directory.
    /// </summary>
    private const int WouldBlock = 11;
    private const int SharingViolation = unchecked((int)0x80070020);

    /// <summary>
    /// With the lock held: <c>host.pid</c> first (the first write, so a full disk is named as such), then <c>queue.db</c>
    /// is checked before the host changes its mode or its journal mode, so a file that is not the queue's (or is
    /// damaged, read-only or locked) is left as it was; then the modes and WAL.
    /// </summary>
    private string? Prepare()
    {
        try
        {
            File.WriteAllText(PidPath, Environment.ProcessId.ToString());
            _pidWritten = true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return CannotWrite(PidPath, Path, e);
        }
        if (DatabaseFile.Problem(DatabasePath) is { } databaseProblem)
        {
            return databaseProblem;
        }
        try
        {
            MakePrivate();
            EnableWriteAheadLog();
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SqliteException)
        {
            return CannotWrite(DatabasePath, Path, e);
        }
    }

    /// <summary>A write refused at start: a full disk says so and where; anything else names the file and its error.</summary>
    internal static string CannotWrite(string file, string directory, Exception e)
    {
        var full = e is SqliteException { SqliteErrorCode: 13 } || e.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase)
                   || e.HResult == DiskFull;
        return full
            ? $"cannot write {file}: the disk is full ({e.Message.TrimEnd('.')}); free some space where {directory} lives " +
              $"(`df -h {directory}`), or choose another data directory with --data-dir / QUEUECTL_HOME"
            : $"cannot write {file}: {e.Message.TrimEnd('.')}; check that the data directory {directory} is writable by this user, " +
              "or choose another with --data-dir / QUEUECTL_HOME";
    }

    /// <summary>ERROR_DISK_FULL / ERROR_HANDLE_DISK_FULL as .NET reports ENOSPC.</summary>
    private const int DiskFull = unchecked((int)0x80070070);

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
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        if (_pidWritten)
        {
            File.Delete(PidPath);
        }
        _lock.Dispose();
    }
}
