using System.Collections;
using System.Runtime.InteropServices;
using QueueCtl.Actors.Domain;

namespace QueueCtl.Actors.Workers;

/// <summary>
/// Runs one job's command as an OS process and reports how it ended, as data, without blocking an actor:
/// <c>RunAsync(...).PipeTo(Self)</c>; the exit is noticed by <see cref="ChildReaper"/> on SIGCHLD. Cancelling the token kills the
/// whole process group (the job runs in its own session, so <c>cmd &amp;</c> children die with it).
/// </summary>
internal static class ProcessRunner
{
    private const string Shell = "/bin/sh";

    /// <summary>The host's environment, read once; each run adds its own variables.</summary>
    /// <summary>The host's environment as <c>KEY=VALUE</c> entries, formatted once (every spawn needs them).</summary>
    private static readonly Lazy<IReadOnlyList<(string Key, string Entry)>> HostEnvironment = new(() =>
        System.Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .Select(e => ((string)e.Key, $"{e.Key}={e.Value}"))
            .ToList());

    public static async Task<RunOutcome> RunAsync(ProcessStart start, CancellationToken cancel)
    {
        if (cancel.IsCancellationRequested)
        {
            return new RunOutcome.Interrupted("cancelled before it started");
        }
        if (!OperatingSystem.IsLinux())
        {
            return new RunOutcome.CouldNotStart("this version of queuectl runs jobs on Linux only");
        }
        // posix_spawn returns once the child has exec'd: a short blocking call, made on the thread pool.
        var (error, pid) = await Task.Run(() => (Spawn(start, out var child), child), CancellationToken.None);
        if (error != 0)
        {
            return new RunOutcome.CouldNotStart($"{Shell}: {Marshal.GetPInvokeErrorMessage(error)} (log {start.LogPath})");
        }
        int status;
        await using (cancel.Register(() => Libc.kill(-pid, Libc.SIGKILL)))
        {
            status = await ChildReaper.WaitForExitAsync(pid);
        }
        if (cancel.IsCancellationRequested)
        {
            return new RunOutcome.Interrupted("killed");
        }
        return status < 0
            ? new RunOutcome.CouldNotStart("the exit status was lost (the process was reaped elsewhere)")
            : new RunOutcome.Exited(ExitCodeOf(status));
    }

    /// <summary>posix_spawn with a new session, default signal dispositions, an empty signal mask and the log as stdout/stderr.</summary>
    private static unsafe int Spawn(ProcessStart start, out int pid)
    {
        var environment = HostEnvironment.Value
            .Where(e => !start.Environment.ContainsKey(e.Key))
            .Select(e => e.Entry)
            .Concat(start.Environment.Select(e => $"{e.Key}={e.Value}"))
            .ToList();
        using var argv = new NativeStrings([Shell, "-c", start.Command]);
        using var envp = new NativeStrings(environment);
        using var paths = new NativeStrings([Shell, start.LogPath, "/dev/null"]);
        var actions = stackalloc byte[Libc.OpaqueSize];
        var attr = stackalloc byte[Libc.OpaqueSize];
        var defaultSignals = stackalloc byte[Libc.OpaqueSize];
        var emptyMask = stackalloc byte[Libc.OpaqueSize];
        Libc.posix_spawn_file_actions_init(actions);
        Libc.posix_spawnattr_init(attr);
        try
        {
            Libc.posix_spawn_file_actions_addopen(actions, 0, paths[2], Libc.O_RDONLY, 0);
            Libc.posix_spawn_file_actions_addopen(actions, 1, paths[1], Libc.O_WRONLY | Libc.O_CREAT | Libc.O_APPEND, (int)JobLogFile.Mode);
            Libc.posix_spawn_file_actions_adddup2(actions, 1, 2);
            // The runtime blocks or ignores some signals (SIGPIPE): a job starts with the defaults a shell would give it.
            Libc.sigfillset(defaultSignals);
            Libc.sigemptyset(emptyMask);
            Libc.posix_spawnattr_setsigdefault(attr, defaultSignals);
            Libc.posix_spawnattr_setsigmask(attr, emptyMask);
            Libc.posix_spawnattr_setflags(attr, Libc.POSIX_SPAWN_SETSID | Libc.POSIX_SPAWN_SETSIGDEF | Libc.POSIX_SPAWN_SETSIGMASK);
            return Libc.posix_spawn(out pid, paths[0], actions, attr, argv.Pointers, envp.Pointers);
        }
        finally
        {
            Libc.posix_spawnattr_destroy(attr);
            Libc.posix_spawn_file_actions_destroy(actions);
        }
    }

    /// <summary>The shell's convention: a normal exit gives its code, death by signal N gives 128 + N.</summary>
    internal static int ExitCodeOf(int waitStatus)
    {
        var signal = waitStatus & 0x7f;
        return signal == 0 ? (waitStatus >> 8) & 0xff : 128 + signal;
    }
}
