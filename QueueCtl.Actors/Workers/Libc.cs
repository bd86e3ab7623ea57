using System.Runtime.InteropServices;

namespace QueueCtl.Actors.Workers;

/// <summary>The few libc calls the process runner needs: posix_spawn (cheaper than fork/exec through
/// System.Diagnostics.Process, and able to start a new session), a pidfd and waitpid to reap, kill, and a pipe to a standby shell.</summary>
internal static unsafe partial class Libc
{
    private const string Name = "libc";

    public const int SIGKILL = 9;
    public const int SIGTERM = 15;
    public const int EINTR = 4;
    public const int O_CLOEXEC = 0x80000;
    public const int O_RDONLY = 0;
    public const int O_WRONLY = 1;
    public const int O_CREAT = 0x40;
    public const int O_APPEND = 0x400;
    public const short POSIX_SPAWN_SETSIGDEF = 0x04;
    public const short POSIX_SPAWN_SETSIGMASK = 0x08;
    public const short POSIX_SPAWN_SETSID = 0x80; // glibc >= 2.26

    /// <summary>Bytes reserved for posix_spawn_file_actions_t, posix_spawnattr_t and sigset_t (each smaller on glibc x64/arm64).</summary>
    public const int OpaqueSize = 512;

    [LibraryImport(Name)]
    public static partial int posix_spawn(out int pid, byte* path, void* fileActions, void* attr, byte** argv, byte** envp);

    [LibraryImport(Name)]
    public static partial int posix_spawn_file_actions_init(void* fileActions);

    [LibraryImport(Name)]
    public static partial int posix_spawn_file_actions_destroy(void* fileActions);

    [LibraryImport(Name)]
    public static partial int posix_spawn_file_actions_addopen(void* fileActions, int fd, byte* path, int oflag, int mode);

    [LibraryImport(Name)]
    public static partial int posix_spawn_file_actions_adddup2(void* fileActions, int fd, int newFd);

    [LibraryImport(Name)]
    public static partial int posix_spawnattr_init(void* attr);

    [LibraryImport(Name)]
    public static partial int posix_spawnattr_destroy(void* attr);

    [LibraryImport(Name)]
    public static partial int posix_spawnattr_setflags(void* attr, short flags);

    [LibraryImport(Name)]
    public static partial int posix_spawnattr_setsigmask(void* attr, void* sigset);

    [LibraryImport(Name)]
    public static partial int posix_spawnattr_setsigdefault(void* attr, void* sigset);

    [LibraryImport(Name)]
    public static partial int sigemptyset(void* set);

    [LibraryImport(Name)]
    public static partial int sigfillset(void* set);

    /// <summary>A close-on-exec descriptor that becomes readable when process <paramref name="pid"/> exits, or -1 (errno set).</summary>
    public static int pidfd_open(int pid) => (int)syscall(SYS_pidfd_open, pid, 0);

    /// <summary>The same number on every Linux architecture (the generic table, since 5.3); glibc wraps it only from 2.36.</summary>
    private const nint SYS_pidfd_open = 434;

    [LibraryImport(Name, SetLastError = true)]
    private static partial nint syscall(nint number, int pid, uint flags);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int waitpid(int pid, out int status, int options);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int kill(int pid, int signal);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int getpgid(int pid);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int getsid(int pid);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int pipe2(int* fds, int flags);

    [LibraryImport(Name, SetLastError = true)]
    public static partial nint write(int fd, byte* buffer, nint count);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int close(int fd);
}
