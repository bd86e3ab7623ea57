using System.Diagnostics;
using System.Text;
using System.Threading.Channels;

namespace QueueCtl.Tests.EndToEnd.Support;

/// <summary>
/// A <c>queuectl</c> call that keeps running (<c>logs --follow</c>), watched line by line as it prints, so a test can
/// tell what arrived while the job was still running; then killed, or awaited to its exit.
/// </summary>
internal sealed class RunningCli : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _stdout = new();
    private readonly Task<string> _stderr;
    private readonly Task _reading;
    private readonly string[] _args;

    private RunningCli(Process process, string[] args)
    {
        _process = process;
        _args = args;
        _stderr = process.StandardError.ReadToEndAsync();
        _reading = ReadLinesAsync();
    }

    public int Pid => _process.Id;

    public static RunningCli Start(Cli cli, params string[] args)
    {
        var start = new ProcessStartInfo(Binaries.Cli)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in Cli.Environment(cli.Home, cli.Address))
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }
        return new RunningCli(Process.Start(start) ?? throw new InvalidOperationException("could not start queuectl"), args);
    }

    /// <summary>The next line printed on stdout, waiting at most <paramref name="timeout"/>.</summary>
    public async Task<string> NextLineAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            return await _lines.Reader.ReadAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"queuectl printed no line within {timeout.TotalSeconds:0} s; so far:\n{_stdout}");
        }
    }

    /// <summary>Waits for the exit (killing the call after <paramref name="timeout"/>) and returns all it printed.</summary>
    public async Task<CliResult> ExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            throw new TimeoutException($"queuectl {string.Join(' ', _args)} did not exit within {timeout.TotalSeconds:0} s; printed:\n{_stdout}");
        }
        await _reading;
        return new CliResult(_args, _process.ExitCode, _stdout.ToString(), await _stderr, TimeSpan.Zero);
    }

    /// <summary>kill -9, as a user's terminal closing or an OOM kill would end it: no goodbye to the host.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    private async Task ReadLinesAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            _stdout.Append(line).Append('\n');
            _lines.Writer.TryWrite(line);
        }
        _lines.Writer.TryComplete();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }
        _process.Dispose();
    }
}
