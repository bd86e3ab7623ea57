using System.Runtime.InteropServices;
using QueueCtl.Actors.Domain;

namespace QueueCtl.Actors.Workers;

/// <summary>
/// The fast runner, on Linux: each job runs through <see cref="ProcessRunner"/> (posix_spawn in a session of its own, its
/// exit noticed by <see cref="ChildReaper"/>, the whole session killed on cancel and when its shell exits), and its worker
/// keeps a <see cref="StandbyShell"/> ready for the next job, started as soon as the current one is launched.
/// </summary>
internal sealed class NativeJobRunner : IJobRunner
{
    private static readonly Lazy<string?> UnavailableBecause = new(Probe);

    /// <summary>Null where this runner works; else why not: it needs Linux, and pidfds (Linux 5.3 or later) to reap.</summary>
    public static string? Unavailable => UnavailableBecause.Value;

    /// <summary>A standby carries the queue's run marker without a job id, so the survivor sweep finds it too.</summary>
    private readonly IReadOnlyDictionary<string, string> _standbyEnvironment;

    private Task<StandbyShell?> _standby;

    /// <summary>Starts the first standby on the thread pool.</summary>
    public NativeJobRunner(IReadOnlyDictionary<string, string> standbyEnvironment)
    {
        _standbyEnvironment = standbyEnvironment;
        _standby = StandbyShell.StartAsync(standbyEnvironment);
    }

    /// <summary>Hands the job to the standby started for it; the next job's shell starts once this one is launched.</summary>
    public Task<RunOutcome> RunAsync(ProcessStart start, CancellationToken cancel, CancellationToken terminate = default)
    {
        var standby = _standby;
        var next = new TaskCompletionSource<StandbyShell?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _standby = next.Task;
        var environment = _standbyEnvironment;
        return ProcessRunner.RunAsync(start, standby, launched: () => StartStandby(next, environment), cancel, terminate);
    }

    /// <summary>On the thread pool: a standby is a shortcut, so whatever happens the next job gets an answer, if only null.</summary>
    private static void StartStandby(TaskCompletionSource<StandbyShell?> next, IReadOnlyDictionary<string, string> environment)
    {
        StandbyShell? shell = null;
        try
        {
            shell = StandbyShell.TryStart(environment);
        }
        finally
        {
            next.SetResult(shell);
        }
    }

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "the native runner needs Linux";
        }
        var pidfd = Libc.pidfd_open(System.Environment.ProcessId);
        if (pidfd < 0)
        {
            return $"the native runner needs Linux 5.3 or later (pidfd_open: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())})";
        }
        Libc.close(pidfd);
        return null;
    }

    /// <summary>Closes the standby not used (it exits); a job still running is the worker's to cancel.</summary>
    public void Dispose() =>
        _standby.ContinueWith(started => started.Result?.Dispose(), TaskContinuationOptions.OnlyOnRanToCompletion);
}
