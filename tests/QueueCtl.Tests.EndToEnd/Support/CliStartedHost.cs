namespace QueueCtl.Tests.EndToEnd.Support;

/// <summary>
/// A temporary data directory and a free loopback port for a host that the CLI under test starts itself with
/// <c>queuectl host start</c>, where <see cref="TestHost"/> starts the host process directly. Disposing kills that host
/// if it still runs (the pid in <c>DATA/host.pid</c>, if that process names the directory on its command line) and
/// whatever its jobs and standby shells left, then deletes the directory: a test that fails half-way leaves no host.
/// </summary>
internal sealed class CliStartedHost : IAsyncDisposable
{
    private static readonly TimeSpan KillTimeout = TimeSpan.FromSeconds(10);

    private CliStartedHost(string home, int port)
    {
        Home = home;
        Port = port;
    }

    /// <summary>The data directory (<c>QUEUECTL_HOME</c>).</summary>
    public string Home { get; }

    public int Port { get; }

    /// <summary>HOST:PORT as the CLI and the host take it (<c>QUEUECTL_HOST</c>).</summary>
    public string Address => $"127.0.0.1:{Port}";

    public static CliStartedHost Create()
    {
        var home = Path.Combine(Path.GetTempPath(), "queuectl-e2e-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(home);
        return new CliStartedHost(home, FreePort.Next());
    }

    /// <summary><paramref name="program"/> (a queuectl CLI) bound to this data directory and address.</summary>
    public Cli Cli(string program, IReadOnlyDictionary<string, string?>? environment = null) => new(Home, Address, program, environment);

    /// <summary>The pid of the host running on this data directory, or null when none runs.</summary>
    public int? Pid
    {
        get
        {
            try
            {
                return int.TryParse(File.ReadAllText(Path.Combine(Home, "host.pid")).Trim(), out var pid)
                       && JobProcesses.IsAlive(pid)
                       && File.ReadAllText($"/proc/{pid}/cmdline").Contains(Home, StringComparison.Ordinal)
                    ? pid
                    : null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null; // no host.pid (never started, or stopped), or the process is gone
            }
        }
    }

    /// <summary>The host's executable as the kernel runs it (<c>/proc/PID/exe</c>): which build or package it came from.</summary>
    public static string ExecutableOf(int pid) =>
        new FileInfo($"/proc/{pid}/exe").LinkTarget ?? throw new InvalidOperationException($"/proc/{pid}/exe is not a link");

    /// <summary>The host's command line, its arguments separated by spaces.</summary>
    public static string CommandLineOf(int pid) => File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();

    public async ValueTask DisposeAsync()
    {
        if (Pid is { } pid)
        {
            TryKill(pid);
            await Eventually.AssertAsync(() => Assert.False(JobProcesses.IsAlive(pid), $"host pid {pid} still runs"), KillTimeout);
        }
        foreach (var process in JobProcesses.All(Home))
        {
            TryKill(process.Pid);
        }
        for (var attempt = 0; attempt < 5 && Directory.Exists(Home); attempt++)
        {
            try
            {
                Directory.Delete(Home, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await Task.Delay(200); // a killed job may still be closing its log file
            }
        }
    }

    private static void TryKill(int pid)
    {
        try
        {
            Signals.Send(pid, Signals.SIGKILL);
        }
        catch (InvalidOperationException)
        {
            // gone meanwhile
        }
    }
}
