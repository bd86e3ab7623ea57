using System.Runtime.InteropServices;

namespace QueueCtl.Actors.Workers;

/// <summary>
/// Waits for job processes without a thread per process and without polling: on every SIGCHLD the children
/// registered here are reaped with a non-blocking waitpid. Only pids registered here are touched, so children
/// an embedding application starts with System.Diagnostics.Process are left to the runtime.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal static class ChildReaper
{
    private const int WNOHANG = 1;
    private const int ECHILD = 10;

    private static readonly Lock Gate = new();
    private static readonly Dictionary<int, TaskCompletionSource<int>> Waiting = [];
    private static PosixSignalRegistration? _registration;

    /// <summary>
    /// The child's wait status once it has exited, or -1 if it was reaped by someone else. The task completes on the
    /// thread that reaped the child, outside any lock, and its continuations run there: a job's outcome is on its way
    /// to the worker without another hop through the thread pool.
    /// </summary>
    public static Task<int> WaitForExitAsync(int pid)
    {
        var exited = new TaskCompletionSource<int>();
        lock (Gate)
        {
            _registration ??= PosixSignalRegistration.Create(PosixSignal.SIGCHLD, _ => ReapExited());
            Waiting[pid] = exited;
        }
        ReapExited(); // it may have exited before it was registered
        return exited.Task;
    }

    private static void ReapExited()
    {
        List<(int Pid, TaskCompletionSource<int> Exited, int Status)>? reaped = null;
        lock (Gate)
        {
            foreach (var (pid, exited) in Waiting)
            {
                var result = Libc.waitpid(pid, out var status, WNOHANG);
                if (result == pid)
                {
                    (reaped ??= []).Add((pid, exited, status));
                }
                else if (result < 0 && Marshal.GetLastPInvokeError() == ECHILD)
                {
                    (reaped ??= []).Add((pid, exited, -1));
                }
            }
            reaped?.ForEach(r => Waiting.Remove(r.Pid));
        }
        reaped?.ForEach(r => r.Exited.TrySetResult(r.Status));
    }
}
