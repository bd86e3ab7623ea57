using System.Runtime.InteropServices;

namespace QueueCtl.Host;

/// <summary>
/// Whether the host may write a file or directory of its data directory. A path its owner made read-only (no
/// <c>u+w</c>) is refused even for root, who could write it anyway: the host would otherwise quietly make it writable
/// again (it sets 0700 / 0600 at every start). access(2) adds what the mode bits do not show: a read-only mount, an
/// immutable file (chattr +i), another user's file.
/// </summary>
internal static class WritableFile
{
    private const int WriteOk = 2;

    /// <summary>
    /// Null when <paramref name="path"/> is missing or writable; else why not ("is read-only (...)") and the fix, in a
    /// sentence that follows the path.
    /// </summary>
    public static string? Problem(string path)
    {
        if (OperatingSystem.IsWindows() || (!File.Exists(path) && !Directory.Exists(path)))
        {
            return null;
        }
        var mode = File.GetUnixFileMode(path);
        if ((mode & UnixFileMode.UserWrite) == 0)
        {
            return $"is read-only (mode {Convert.ToString((int)mode, 8).PadLeft(4, '0')}, no write permission for its owner); " +
                   $"the host needs to write it: make it writable with `chmod u+w {path}`";
        }
        if (access(path, WriteOk) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return $"is read-only ({Marshal.GetPInvokeErrorMessage(errno)}); the host needs to write it: " +
                   "make it writable (remount its filesystem read-write, `chattr -i` an immutable file, or give it to this user)";
        }
        return null;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int access([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int mode);
}
