namespace QueueCtl.Actors.Workers;

/// <summary>
/// A job's log: stdout and stderr of its runs, in order, appended to and never truncated (a retry adds to the same
/// log). Whoever starts the run creates it if it is missing: the spawn through <c>O_APPEND | O_CREAT</c>, a standby
/// shell and the portable runner's shell through <c>&gt;&gt;</c>, the portable runner on Windows through <see cref="Open"/>.
/// A missing log reads as empty.
/// </summary>
internal static class JobLogFile
{
    /// <summary>The mode of a new log, whoever creates it: 0666 less the umask, as a shell's <c>&gt;&gt;</c> creates a file.</summary>
    public const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite
                                     | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

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

    /// <summary>The log opened for appending, created if missing (where the runner itself writes it: on Windows).</summary>
    internal static FileStream Open(string path) => new(path, AppendOrCreate);

    /// <summary>Creates an empty log if there is none and leaves an existing one as it is: null, or why it could not.</summary>
    internal static string? Create(string path)
    {
        try
        {
            Open(path).Dispose();
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }
}
