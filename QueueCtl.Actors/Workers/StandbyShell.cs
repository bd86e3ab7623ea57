using System.Runtime.InteropServices;
using System.Text;

namespace QueueCtl.Actors.Workers;

/// <summary>
/// A <c>/bin/sh</c> started before its job is known, waiting on a pipe (its fd 3). A worker keeps one ready; once a
/// job's start is stored, the worker hands it the job (environment, log path, command) in one write. The shell opens
/// the log for its stdout and stderr (creating it if missing), closes the pipe and runs the command with <c>eval</c>,
/// as <c>/bin/sh -c</c> would run it. A shell that cannot open the log runs nothing and exits with
/// <see cref="LogNotOpenedExitCode"/>. The spawn and the shell's own start-up (most of a <c>true</c> job's cost, largely
/// the dynamic loader) then overlap the journal write instead of following it.
/// <para>
/// A shell that is closed unused reads end-of-file and exits, and so does every standby when the host dies, since the
/// kernel closes the host's end of each pipe. Its environment carries the queue's run marker, so the survivor sweep
/// finds a job that was running in it. A job the pipe cannot carry exactly (see <see cref="Payload"/>) is refused by
/// <see cref="TryHandOff"/>, and spawned directly.
/// </para>
/// </summary>
internal sealed class StandbyShell : IDisposable
{
    /// <summary>The descriptor the shell reads its job from.</summary>
    public const int CommandsFd = 3;

    /// <summary>PIPE_BUF: one write of at most this many bytes into an empty pipe is atomic and never blocks.</summary>
    public const int MaxPayloadBytes = 4096;

    /// <summary>
    /// The exit code of a shell that could not open the job's log, which also means "command not found": the runner tells
    /// them apart by trying to open the log itself.
    /// </summary>
    public const int LogNotOpenedExitCode = 127;

    /// <summary>
    /// Sources the job from the pipe (shell assignments of <c>q_log</c>, <c>q_command</c> and the exported variables; <c>.</c> reads
    /// them in one read, where <c>read</c> would take a system call per byte), then runs it. <c>command</c> keeps a failed
    /// redirection of <c>exec</c> from ending the shell, so it exits with <see cref="LogNotOpenedExitCode"/> instead of 2.
    /// The command starts on line 1 of the eval'd text, as under <c>sh -c</c>, so the shell's messages give the same line
    /// numbers; they read <c>/bin/sh: 1: eval: x: not found</c> where <c>sh -c</c> says <c>/bin/sh: 1: x: not found</c>.
    /// End-of-file before a job (the host closed the pipe) ends the shell quietly.
    /// </summary>
    internal const string Script = """
        unset q_log q_command
        . /proc/self/fd/3
        [ -n "${q_command+set}" ] || exit 0
        command exec >>"$q_log" 2>&1 3<&- || exit 127
        unset q_log
        eval "unset q_command;$q_command"
        """;

    private int _commands;

    private StandbyShell(int pid, int commands, Task<int> exited)
    {
        Pid = pid;
        _commands = commands;
        Exited = exited;
    }

    public int Pid { get; }

    /// <summary>True once a job was written to the shell.</summary>
    public bool HandedOff { get; private set; }

    /// <summary>The wait status once the shell (and so the job handed to it) has exited.</summary>
    public Task<int> Exited { get; }

    /// <summary>Starts a standby on the thread pool; null if it could not be started (a job then spawns as usual).</summary>
    public static Task<StandbyShell?> StartAsync(IReadOnlyDictionary<string, string> environment) =>
        Task.Run(() => TryStart(environment));

    internal static unsafe StandbyShell? TryStart(IReadOnlyDictionary<string, string> environment)
    {
        var ends = stackalloc int[2];
        if (!OperatingSystem.IsLinux() || Libc.pipe2(ends, Libc.O_CLOEXEC) != 0)
        {
            return null;
        }
        var error = ProcessRunner.Spawn([ProcessRunner.Shell, "-c", Script], environment, ProcessRunner.DevNull, commandsFd: ends[0], out var pid);
        Libc.close(ends[0]);
        if (error != 0)
        {
            Libc.close(ends[1]);
            return null;
        }
        return new StandbyShell(pid, ends[1], ChildReaper.WaitForExitAsync(pid));
    }

    /// <summary>
    /// Gives the shell its job. False, and the shell is closed, if it has exited, has been used, or cannot carry the job
    /// (see <see cref="Payload"/>).
    /// </summary>
    public unsafe bool TryHandOff(ProcessStart start)
    {
        if (_commands < 0 || Exited.IsCompleted || Payload(start) is not { } payload)
        {
            Dispose();
            return false;
        }
        nint written;
        fixed (byte* bytes = payload)
        {
            do
            {
                written = Libc.write(_commands, bytes, payload.Length);
            }
            while (written < 0 && Marshal.GetLastPInvokeError() == Libc.EINTR);
        }
        Dispose(); // the job is all the shell reads; EOF after it changes nothing
        return HandedOff = written == payload.Length;
    }

    /// <summary>
    /// The job as the script sources it, or null if the shell could not take it exactly as <c>posix_spawn</c> would:
    /// larger than <see cref="MaxPayloadBytes"/>, a variable name that is not a shell name, or a NUL character
    /// (where an argument ends for <c>posix_spawn</c>, and which the shell would drop from its input).
    /// </summary>
    internal static byte[]? Payload(ProcessStart start)
    {
        if (start.Environment.Any(e => !IsShellName(e.Key) || e.Value.Contains('\0')) || start.LogPath.Contains('\0') || start.Command.Contains('\0'))
        {
            return null;
        }
        var text = new StringBuilder();
        foreach (var (name, value) in start.Environment)
        {
            text.Append("export ").Append(name).Append('=').Append(Quote(value)).Append('\n');
        }
        text.Append("q_log=").Append(Quote(start.LogPath)).Append('\n');
        text.Append("q_command=").Append(Quote(start.Command)).Append('\n');
        var payload = Encoding.UTF8.GetBytes(text.ToString());
        return payload.Length <= MaxPayloadBytes ? payload : null;
    }

    private static bool IsShellName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>A single-quoted shell word: everything literal, each <c>'</c> written as <c>'\''</c>.</summary>
    private static string Quote(string value) => "'" + value.Replace("'", "'\\''") + "'";

    /// <summary>Closes the pipe: an unused shell reads end-of-file and exits (its exit is reaped by <see cref="ChildReaper"/>).</summary>
    public void Dispose()
    {
        var commands = Interlocked.Exchange(ref _commands, -1);
        if (commands >= 0)
        {
            Libc.close(commands);
        }
    }
}
