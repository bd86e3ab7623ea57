using System.ComponentModel;
using System.Diagnostics;
using QueueCtl.Actors.Domain;

namespace QueueCtl.Actors.Workers;

/// <summary>
/// Runs jobs with System.Diagnostics.Process only, wherever .NET runs: where the native runner is not available (off
/// Linux), or where <c>queuectl.runner = portable</c> asks for it. On Unix the command runs as under <c>/bin/sh -c</c>: a
/// small wrapper script (<see cref="UnixWrapper"/>) gets the log path and the command as arguments, never as script text,
/// points stdin at /dev/null and stdout and stderr at the log (appended, in the order written), then <c>eval</c>s the
/// command. On Windows it is <c>cmd.exe /d /s /c COMMAND</c> (see <see cref="WindowsJobOutput"/>). A cancelled or timed-out
/// run is killed with <see cref="Process.Kill(bool)"/> and <c>entireProcessTree</c>, every process found below the job's shell.
/// Process has no way to send SIGTERM (Kill is SIGKILL on Unix), so a timed-out job gets no SIGTERM and no grace here: its
/// tree is killed at once.
/// <para>
/// What it does not do that <see cref="NativeJobRunner"/> does, because Process cannot (its <c>CreateNewProcessGroup</c> is
/// Windows-only, and a shell cannot move itself into a new group):
/// </para>
/// <list type="bullet">
/// <item>A job gets no process group or session of its own, but the host's. So the end of the job's shell does not end
/// what it left running (<c>sleep 60 &amp;</c>, then exit): that keeps running beside a retry, and after the run. A kill finds
/// only processes whose parent chain still leads to the job's shell: one whose parent has exited is missed. And a
/// Ctrl-C in the terminal of <c>queuectl host run</c> reaches the jobs too (they are in the terminal's foreground group).</item>
/// <item>On Unix every process .NET starts has SIGPIPE ignored, and a shell cannot restore a signal ignored when it
/// started: a job's <c>yes | head -1</c> ends with <c>yes</c> failing on EPIPE rather than dying of SIGPIPE.</item>
/// <item>No shell is started ahead: each job pays for its own start of <c>/bin/sh</c> after its start is stored.</item>
/// <item>On Windows stdout and stderr come through two pipes: each keeps its order in the log, but lines of the two may
/// interleave differently than they were written.</item>
/// </list>
/// </summary>
internal sealed class PortableJobRunner : IJobRunner
{
    /// <summary>It keeps nothing between jobs, so every worker shares one.</summary>
    public static readonly PortableJobRunner Instance = new();

    /// <summary>
    /// <c>$1</c> is the log, <c>$2</c> the command; <c>$0</c> is <c>/bin/sh</c> and no positional parameter is left, as under
    /// <c>sh -c COMMAND</c>. A log that cannot be opened runs nothing and exits with <see cref="StandbyShell.LogNotOpenedExitCode"/>
    /// (the shell's message goes to /dev/null, not to the host's console); the runner tells that from a command not found by
    /// trying the log itself. The command starts on line 1 of the eval'd text, so the shell's messages give the same line numbers
    /// as under <c>sh -c</c>, naming <c>eval</c> as the standby's do.
    /// </summary>
    internal const string UnixWrapper = """
        q_log=$1 q_command=$2
        set --
        command exec </dev/null 2>/dev/null >>"$q_log" 2>&1 || exit 127
        unset q_log
        eval "unset q_command;$q_command"
        """;

    private PortableJobRunner()
    {
    }

    /// <summary>Nothing to release: a job still running is its worker's to cancel.</summary>
    public void Dispose()
    {
    }

    public async Task<RunOutcome> RunAsync(ProcessStart start, CancellationToken cancel, CancellationToken terminate = default)
    {
        if (cancel.IsCancellationRequested || terminate.IsCancellationRequested)
        {
            return new RunOutcome.Interrupted("cancelled before it started");
        }
        // Process.Start forks and waits for the child's exec: a short blocking call, made on the thread pool.
        var started = await Task.Run(() => Start(start), CancellationToken.None).ConfigureAwait(false);
        if (started.Process is not { } process)
        {
            return new RunOutcome.CouldNotStart(started.Error!);
        }
        using (process)
        {
            // The token is cancelled on a worker's thread (or a timer's); the kill reads the process table, so it runs on the pool.
            await using (cancel.Register(static process => ThreadPool.UnsafeQueueUserWorkItem(KillTree, (Process)process!, preferLocal: false), process))
            // A timeout: SIGKILL at once, as said above. A job with none registers nothing here.
            await using (terminate.CanBeCanceled
                ? terminate.Register(static process => ThreadPool.UnsafeQueueUserWorkItem(KillTree, (Process)process!, preferLocal: false), process)
                : default)
            {
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
            if (started.Output is { } output)
            {
                await output.DrainAsync().ConfigureAwait(false);
            }
            if (cancel.IsCancellationRequested || terminate.IsCancellationRequested)
            {
                return new RunOutcome.Interrupted("killed");
            }
            var exitCode = process.ExitCode; // on Unix, death by signal N gives 128 + N, as in a shell
            if (started.Output is null && exitCode == StandbyShell.LogNotOpenedExitCode && JobLogFile.Create(start.LogPath) is { } problem)
            {
                return new RunOutcome.CouldNotStart($"{ProcessRunner.Shell}: cannot open the log {start.LogPath}: {problem}");
            }
            return new RunOutcome.Exited(exitCode);
        }
    }

    /// <summary>A job's process once it runs (with its output pump on Windows), or why it could not start.</summary>
    private readonly record struct Started(Process? Process, string? Error = null, WindowsJobOutput? Output = null);

    private static Started Start(ProcessStart start)
    {
        if (OperatingSystem.IsWindows())
        {
            return StartWithCmd(start);
        }
        var info = new ProcessStartInfo(ProcessRunner.Shell) { UseShellExecute = false };
        foreach (var argument in new[] { "-c", UnixWrapper, ProcessRunner.Shell, start.LogPath, start.Command })
        {
            info.ArgumentList.Add(argument);
        }
        AddEnvironment(info, start);
        try
        {
            return new Started(Process.Start(info));
        }
        catch (Win32Exception e)
        {
            return new Started(null, $"{ProcessRunner.Shell}: {e.Message}");
        }
    }

    [System.Runtime.Versioning.SupportedOSPlatform("windows")]
    private static Started StartWithCmd(ProcessStart start)
    {
        var info = WindowsJobOutput.StartInfo(start.Command);
        AddEnvironment(info, start);
        var (process, error, output) = WindowsJobOutput.Start(info, start.LogPath);
        return new Started(process, error, output);
    }

    private static void AddEnvironment(ProcessStartInfo info, ProcessStart start)
    {
        foreach (var (name, value) in start.Environment)
        {
            info.Environment[name] = value;
        }
    }

    /// <summary>
    /// Kills the job's shell and every process below it, on the thread pool: it reads the process table, a few milliseconds.
    /// The run may have ended and disposed the process meanwhile (ObjectDisposedException is an InvalidOperationException).
    /// </summary>
    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or AggregateException)
        {
            // exited meanwhile, or a process of the tree could not be killed: the run's end reports what happened
        }
    }
}
