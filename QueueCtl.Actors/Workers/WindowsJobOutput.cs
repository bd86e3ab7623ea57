using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.Versioning;

namespace QueueCtl.Actors.Workers;

/// <summary>
/// A job of <see cref="PortableJobRunner"/> on Windows: <c>cmd.exe /d /s /c "COMMAND"</c> (<c>/d</c>: no AutoRun commands
/// from the registry; <c>/s</c>: the text between the first and the last quote runs as it is), stdin empty, stdout and
/// stderr through two pipes, each copied into the log as it arrives. Once cmd has exited, the pipes get
/// <see cref="DrainGrace"/> to reach their end; output written later by a process the job left running is not logged.
/// <para>
/// No CI machine runs Windows, so this part is compiled everywhere but run nowhere yet; it uses documented Process API
/// only, and is kept small.
/// </para>
/// </summary>
internal sealed class WindowsJobOutput
{
    private static readonly TimeSpan DrainGrace = TimeSpan.FromSeconds(1);

    private readonly FileStream _log;
    private readonly Task _copies;

    private WindowsJobOutput(FileStream log, Stream stdout, Stream stderr)
    {
        _log = log;
        _copies = Task.WhenAll(CopyAsync(stdout), CopyAsync(stderr));
    }

    [SupportedOSPlatform("windows")]
    public static ProcessStartInfo StartInfo(string command) => new(Path.Combine(Environment.SystemDirectory, "cmd.exe"))
    {
        Arguments = $"/d /s /c \"{command}\"",
        UseShellExecute = false,
        CreateNoWindow = true,
        RedirectStandardInput = true,
        RedirectStandardOutput = true,
        RedirectStandardError = true,
    };

    /// <summary>Opens the log, then starts the job: a log that cannot be opened is a run that could not start.</summary>
    [SupportedOSPlatform("windows")]
    public static (Process? Process, string? Error, WindowsJobOutput? Output) Start(ProcessStartInfo info, string logPath)
    {
        FileStream log;
        try
        {
            log = JobLogFile.Open(logPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, $"cannot open the log {logPath}: {e.Message}", null);
        }
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new Win32Exception("no process was started");
        }
        catch (Win32Exception e)
        {
            log.Dispose();
            return (null, $"{info.FileName}: {e.Message} (log {logPath})", null);
        }
        process.StandardInput.Close();
        return (process, null, new WindowsJobOutput(log, process.StandardOutput.BaseStream, process.StandardError.BaseStream));
    }

    /// <summary>After the shell's exit: what the pipes still hold goes into the log, for at most <see cref="DrainGrace"/>.</summary>
    public async Task DrainAsync()
    {
        await _copies.WaitAsync(DrainGrace).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        lock (_log)
        {
            _log.Dispose();
        }
    }

    private async Task CopyAsync(Stream from)
    {
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                lock (_log)
                {
                    _log.Write(buffer, 0, read);
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // the job's process was disposed, or the log closed after the drain's grace
        }
    }
}
