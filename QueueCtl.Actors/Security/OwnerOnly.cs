namespace QueueCtl.Actors.Security;

/// <summary>
/// Files that hold jobs, output or keys are readable by their owner only (spec section 5): directories 0700, files
/// 0600. On Windows a user's profile is already private, and these modes do not exist.
/// </summary>
public static class OwnerOnly
{
    public const UnixFileMode DirectoryPermissions = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode FilePermissions = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates <paramref name="path"/> (and its missing parents) as 0700, and makes an existing one 0700.</summary>
    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }
        Directory.CreateDirectory(path, DirectoryPermissions);
        File.SetUnixFileMode(path, DirectoryPermissions);
    }

    /// <summary>Makes an existing file 0600; a missing one is left missing.</summary>
    public static void RestrictFile(string path)
    {
        if (!OperatingSystem.IsWindows() && File.Exists(path))
        {
            File.SetUnixFileMode(path, FilePermissions);
        }
    }

    /// <summary>Opens <paramref name="path"/>, creating it as 0600 if it is missing.</summary>
    public static FileStream Open(string path, FileMode mode, FileAccess access, FileShare share = FileShare.Read)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = share };
        if (!OperatingSystem.IsWindows() && mode is not FileMode.Open and not FileMode.Truncate)
        {
            options.UnixCreateMode = FilePermissions;
        }
        return new FileStream(path, options);
    }
}
