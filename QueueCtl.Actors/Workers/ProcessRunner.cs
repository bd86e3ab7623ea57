using System.Collections;
using System.Runtime.InteropServices;
using QueueCtl.Actors.Domain;

namespace QueueCtl.Actors.Workers;

/// <summary>
/// Runs one job's command as an OS process and reports how it ended, as data, without blocking an actor:
/// <c>RunAsync(...).PipeTo(Self)</c>; the exit is noticed by <see cref="ChildReaper"/> through a pidfd. Cancelling the token kills the
/// whole process group (the job runs in its own session, so <c>cmd &amp;</c> children die with it), and so does the end of
/// the job's shell: a run owns every process it started, except one that left the group (<c>setsid</c>). A timeout sends
/// the group SIGTERM first; the worker cancels the token a grace later (SIGKILL) if the shell has not ended by then, and
/// when it ends, what it left in the group is killed as always. The job goes to a
/// <see cref="StandbyShell"/> when one is given and can take it, and is spawned as <c>/bin/sh -c</c> otherwise.
/// </summary>
internal static class ProcessRunner
{
    internal const string Shell = "/bin/sh";
    internal const string DevNull = "/dev/null";

    /// <summary>The host's environment as <c>KEY=VALUE</c> entries, formatted once (every spawn needs them).</summary>
    private static readonly Lazy<IReadOnlyList<(string Key, string Entry)>> HostEnvironment = new(() =>
        System.Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .Select(e => ((string)e.Key, $"{e.Key}={e.Value}"))
            .ToList());

    public static Task<RunOutcome> RunAsync(ProcessStart start, CancellationToken cancel) => RunAsync(start, standby: null, launched: null, cancel);

    /// <param name="start">The job's run.</param>
    /// <param name="standby">A shell started ahead for this run, if any; it is handed the job, or closed if it cannot take it.</param>
    /// <param name="launched">
    /// Called once, on the thread pool, as soon as the job's process is running or is known not to start: the moment
    /// to prepare the next standby.
    /// </param>
    /// <param name="cancel">Kills the job's process group.</param>
    /// <param name="terminate">Sends the job's process group SIGTERM (a timeout or a cancel); <see cref="CancellationToken.None"/> when none applies.</param>
    public static async Task<RunOutcome> RunAsync(
        ProcessStart start, Task<StandbyShell?>? standby, Action? launched, CancellationToken cancel, CancellationToken terminate = default)
    {
        Launch launch;
        try
        {
            launch = await LaunchAsync(start, standby, cancel).ConfigureAwait(false);
        }
        finally
        {
            if (launched is not null)
            {
                ThreadPool.UnsafeQueueUserWorkItem(static callback => callback(), launched, preferLocal: true);
            }
        }
        if (launch.NotStarted is { } notStarted)
        {
            return notStarted;
        }
        if (launch.Exited!.Exception is { } unwatchable)
        {
            // Its exit could never be reported: stop it now, or the job's next attempt could run beside it.
            Libc.kill(-launch.Pid, Libc.SIGKILL);
            return new RunOutcome.CouldNotStart(unwatchable.GetBaseException().Message);
        }
        int status;
        var pid = launch.Pid;
        await using (cancel.Register(() => Libc.kill(-pid, Libc.SIGKILL)))
        // SIGTERM on a timeout or a cancel (the worker's token can always fire); callers without either pass none.
        await using (terminate.CanBeCanceled ? terminate.Register(() => Libc.kill(-pid, Libc.SIGTERM)) : default)
        {
            status = await launch.Exited.ConfigureAwait(false);
        }
        // The run ends with its shell: what it left running in its process group (`cmd &`) is killed, or a failed
        // attempt's leftovers would run beside the retry. The group's id cannot be another's while a member lives, and
        // Linux hands out a freed pid again only after going round the whole pid space.
        Libc.kill(-launch.Pid, Libc.SIGKILL);
        if (cancel.IsCancellationRequested || terminate.IsCancellationRequested)
        {
            return new RunOutcome.Interrupted("killed");
        }
        if (status < 0)
        {
            return new RunOutcome.CouldNotStart("the exit status was lost (the process was reaped elsewhere)");
        }
        var exitCode = ExitCodeOf(status);
        // A standby that could not open the log exits with this code before running anything; so does a command not found.
        if (launch.ByStandby && exitCode == StandbyShell.LogNotOpenedExitCode && JobLogFile.Create(start.LogPath) is { } problem)
        {
            return new RunOutcome.CouldNotStart($"{Shell}: cannot open the log {start.LogPath}: {problem}");
        }
        return new RunOutcome.Exited(exitCode);
    }

    /// <summary>A job's process and its wait status to come, or the outcome of a job that did not start.</summary>
    private readonly record struct Launch(RunOutcome? NotStarted, int Pid = 0, Task<int>? Exited = null, bool ByStandby = false);

    private static async Task<Launch> LaunchAsync(ProcessStart start, Task<StandbyShell?>? standby, CancellationToken cancel)
    {
        var shell = standby is null ? null : await standby.ConfigureAwait(false);
        if (cancel.IsCancellationRequested)
        {
            shell?.Dispose();
            return new Launch(new RunOutcome.Interrupted("cancelled before it started"));
        }
        if (!OperatingSystem.IsLinux())
        {
            return new Launch(new RunOutcome.CouldNotStart("this version of queuectl runs jobs on Linux only"));
        }
        // Handing off is one write of at most PIPE_BUF bytes into an empty pipe, which never blocks; posix_spawn returns
        // once the child has exec'd, a short blocking call, so it is made on the thread pool.
        if (shell is not null && shell.TryHandOff(start))
        {
            return new Launch(null, shell.Pid, shell.Exited, ByStandby: true);
        }
        var (error, pid) = await Task.Run(() => SpawnJob(start, shell), CancellationToken.None).ConfigureAwait(false);
        return error != 0
            ? new Launch(new RunOutcome.CouldNotStart($"{Shell}: {Marshal.GetPInvokeErrorMessage(error)} (log {start.LogPath})"))
            : new Launch(null, pid, ChildReaper.WaitForExitAsync(pid));
    }

    /// <summary><c>/bin/sh -c Command</c>, the log as stdout and stderr. A standby that could not take the job is closed.</summary>
    private static (int Error, int Pid) SpawnJob(ProcessStart start, StandbyShell? unused)
    {
        unused?.Dispose();
        var error = Spawn([Shell, "-c", start.Command], start.Environment, start.LogPath, commandsFd: -1, out var pid);
        return (error, pid);
    }

    /// <summary>
    /// posix_spawn with a new session, default signal dispositions, an empty signal mask, stdin from /dev/null,
    /// <paramref name="output"/> (appended to, created 0644 if missing) as stdout and stderr, and <paramref name="commandsFd"/>
    /// (unless negative) as fd 3. Every other descriptor of the host is close-on-exec. Returns 0 or an errno.
    /// </summary>
    internal static unsafe int Spawn(IReadOnlyList<string> argv, IReadOnlyDictionary<string, string> environment, string output, int commandsFd, out int pid)
    {
        var entries = HostEnvironment.Value
            .Where(e => !environment.ContainsKey(e.Key))
            .Select(e => e.Entry)
            .Concat(environment.Select(e => $"{e.Key}={e.Value}"))
            .ToList();
        using var args = new NativeStrings(argv);
        using var envp = new NativeStrings(entries);
        using var paths = new NativeStrings([argv[0], output, DevNull]);
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
            if (commandsFd >= 0)
            {
                Libc.posix_spawn_file_actions_adddup2(actions, commandsFd, StandbyShell.CommandsFd);
            }
            // The runtime blocks or ignores some signals (SIGPIPE): a job starts with the defaults a shell would give it.
            Libc.sigfillset(defaultSignals);
            Libc.sigemptyset(emptyMask);
            Libc.posix_spawnattr_setsigdefault(attr, defaultSignals);
            Libc.posix_spawnattr_setsigmask(attr, emptyMask);
            Libc.posix_spawnattr_setflags(attr, Libc.POSIX_SPAWN_SETSID | Libc.POSIX_SPAWN_SETSIGDEF | Libc.POSIX_SPAWN_SETSIGMASK);
            return Libc.posix_spawn(out pid, paths[0], actions, attr, args.Pointers, envp.Pointers);
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
