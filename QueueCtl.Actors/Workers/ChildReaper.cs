using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace QueueCtl.Actors.Workers;

/// <summary>
/// Waits for job processes without a thread per process, without polling and without a SIGCHLD handler: each child
/// registered here is watched through a pidfd (Linux 5.3 or later) in one epoll set, and one background thread, asleep in
/// <c>epoll_wait</c> until a watched child exits, reaps exactly that child. An exit costs one wake-up of that thread,
/// where SIGCHLD cost a signal delivery, the runtime's signal thread and a thread-pool item. Only pids registered here
/// are touched, so children an embedding application starts with System.Diagnostics.Process are left to the runtime.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class ChildReaper
{
    private const int ESRCH = 3;
    private const int EINTR = 4;
    private const int ENOSYS = 38;
    private const int MaxEventsPerWake = 16;

    private static readonly Lock Gate = new();

    /// <summary>The children being waited for, by the pidfd that watches each.</summary>
    private static readonly Dictionary<int, (int Pid, TaskCompletionSource<int> Exited)> Watched = [];

    private static int _epoll = -1;

    /// <summary>
    /// The child's wait status once it has exited, or -1 if it was reaped by someone else. The task completes on the
    /// reaper's thread, outside any lock, and its continuations run there: a job's outcome is on its way to the worker
    /// without another hop through the thread pool. A child that cannot be watched (no pidfds before Linux 5.3, no
    /// descriptor left) gives a failed task, never an exception here.
    /// </summary>
    public static Task<int> WaitForExitAsync(int pid)
    {
        var pidfd = Libc.pidfd_open(pid); // close-on-exec, and readable once the child has exited, even if it already has
        if (pidfd < 0)
        {
            var error = Marshal.GetLastPInvokeError();
            return error == ESRCH ? Task.FromResult(-1) : CannotWatch(pid, "pidfd_open", error); // ESRCH: someone else reaped it
        }
        var exited = new TaskCompletionSource<int>();
        lock (Gate)
        {
            if (_epoll < 0 && (_epoll = StartReaperThread()) < 0)
            {
                var error = Marshal.GetLastPInvokeError();
                Libc.close(pidfd);
                return CannotWatch(pid, "epoll_create1", error);
            }
            Watched[pidfd] = (pid, exited);
            if (Epoll.Add(_epoll, pidfd) != 0)
            {
                var error = Marshal.GetLastPInvokeError();
                Watched.Remove(pidfd);
                Libc.close(pidfd);
                return CannotWatch(pid, "epoll_ctl", error);
            }
        }
        return exited.Task;
    }

    private static Task<int> CannotWatch(int pid, string call, int error) =>
        Task.FromException<int>(new InvalidOperationException(
            $"cannot watch process {pid}: {call} failed ({Marshal.GetPInvokeErrorMessage(error)})" +
            (error == ENOSYS ? "; queuectl needs Linux 5.3 or later" : "")));

    /// <summary>The epoll descriptor its new thread waits on, or -1 (errno set) if none could be made.</summary>
    private static int StartReaperThread()
    {
        var epoll = Epoll.Create();
        if (epoll >= 0)
        {
            new Thread(() => ReapForever(epoll)) { IsBackground = true, Name = "queuectl child reaper" }.Start();
        }
        return epoll;
    }

    private static void ReapForever(int epoll)
    {
        Span<int> ready = stackalloc int[MaxEventsPerWake];
        while (true)
        {
            var count = Epoll.Wait(epoll, ready);
            if (count < 0)
            {
                var error = Marshal.GetLastPInvokeError();
                if (error == EINTR)
                {
                    continue;
                }
                throw new InvalidOperationException($"epoll_wait failed ({Marshal.GetPInvokeErrorMessage(error)})");
            }
            foreach (var pidfd in ready[..count])
            {
                Reap(epoll, pidfd);
            }
        }
    }

    /// <summary>The pidfd is readable: the child has exited, so waitpid returns at once with its status.</summary>
    private static void Reap(int epoll, int pidfd)
    {
        (int Pid, TaskCompletionSource<int> Exited) watched;
        lock (Gate)
        {
            if (!Watched.Remove(pidfd, out watched))
            {
                return;
            }
        }
        int result, status;
        do
        {
            result = Libc.waitpid(watched.Pid, out status, 0);
        }
        while (result < 0 && Marshal.GetLastPInvokeError() == EINTR);
        // Closing alone would not take the pidfd out of the set while a posix_spawn child, between its clone and its exec,
        // still holds a copy; the stale entry would then report the number again once it belongs to another child's pidfd.
        Epoll.Remove(epoll, pidfd);
        Libc.close(pidfd);
        watched.Exited.TrySetResult(result == watched.Pid ? status : -1);
    }
}
