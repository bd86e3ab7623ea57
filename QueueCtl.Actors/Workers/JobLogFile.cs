namespace QueueCtl.Actors.Workers;

/// <summary>
/// Creates a job's log file ahead of its run, off the actor thread, while the job's <c>JobStarted</c> is being stored.
/// Creating a file can take hundreds of microseconds on a filesystem busy with deletions (seen on ext4 without a
/// journal); the spawn, which opens the log with <c>O_APPEND | O_CREAT</c>, then finds it there and does not wait
/// for it. The file is never truncated: a retry appends to the same log. A missing log reads as empty, so a file
/// created for a start that was never stored changes nothing a user sees.
/// </summary>
internal static class JobLogFile
{
    /// <summary>The mode of a new log, whoever creates it (this class or the spawn): 0644, less the umask.</summary>
    public const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private static readonly FileStreamOptions AppendOrCreate = Options();

    /// <summary>Append, create if missing, with <see cref="Mode"/>.</summary>
    private static FileStreamOptions Options()
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.Append,
            Access = FileAccess.Write,
            Share = FileShare.ReadWrite | FileShare.Delete,
            BufferSize = 0,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = Mode;
        }
        return options;
    }

    /// <summary>Starts creating the log in the background; the spawn reports anything wrong with it.</summary>
    public static void CreateAhead(string path) => _ = Task.Run(() => Create(path));

    /// <summary>Creates an empty log if there is none; leaves an existing one as it is. False if it could not.</summary>
    internal static bool Create(string path)
    {
        try
        {
            new FileStream(path, AppendOrCreate).Dispose();
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
