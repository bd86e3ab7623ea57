using System.Diagnostics;
using Xunit.Abstractions;

namespace QueueCtl.Tests.EndToEnd.Support;

/// <summary>
/// One real host node for one test: a free loopback port, a temporary <c>QUEUECTL_HOME</c>, the
/// <c>QueueCtl.Host</c> process with its output captured, started once it prints <c>queuectl host ready on</c>.
/// It can be stopped, killed (<c>kill -9</c>) and started again on the same data directory and port.
/// Disposing kills whatever still runs (with the jobs' process trees) and deletes the directory.
/// </summary>
internal sealed class TestHost : IAsyncDisposable
{
    public const string ReadyLine = "queuectl host ready on";

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);
    private static readonly string[] NoiseMarkers = ["Removing receive buffers", "dead letters encountered", "AckIdleCheckTimer"];

    /// <summary>What the host logs at start when the portable runner runs its jobs (WorkerPoolActor).</summary>
    private const string PortableRunnerLine = "Jobs run with the portable runner";

    private static readonly TimeSpan RunnerLineTimeout = TimeSpan.FromSeconds(15);

    private readonly ITestOutputHelper? _log;
    private readonly List<string> _output = [];
    private Process? _process;

    private TestHost(string home, int port, ITestOutputHelper? log, string? runner)
    {
        Home = home;
        Port = port;
        _log = log;
        Runner = runner;
        Cli = new Cli(home, Address);
    }

    /// <summary>
    /// The job runner forced on the host through <c>QUEUECTL_RUNNER</c> (kept across restarts), or null for the host's own
    /// choice (<c>auto</c>: native on Linux). The tests' own environment never chooses it (see <see cref="Cli.Environment"/>).
    /// </summary>
    public string? Runner { get; }

    /// <summary>The data directory (<c>QUEUECTL_HOME</c>).</summary>
    public string Home { get; }

    public int Port { get; private set; }

    /// <summary>HOST:PORT as the CLI and the host take it (<c>QUEUECTL_HOST</c>).</summary>
    public string Address => $"127.0.0.1:{Port}";

    /// <summary>The CLI bound to this host.</summary>
    public Cli Cli { get; private set; }

    /// <summary>The pid of the running host process.</summary>
    public int Pid => _process?.Id ?? throw new InvalidOperationException("the host is not running");

    /// <summary>Everything the host printed so far, over all its starts.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    /// <summary>A host on an existing data directory <paramref name="home"/> (deleted when the host is disposed).</summary>
    public static async Task<TestHost> StartOnAsync(string home, ITestOutputHelper? log = null, string? runner = null)
    {
        var host = new TestHost(home, FreePort.Next(), log, runner);
        if (await host.TryStartAsync() is { } exited)
        {
            await host.DisposeAsync();
            throw new InvalidOperationException($"the host did not start on {home}:\n{exited}");
        }
        return host;
    }

    /// <summary>
    /// A host on a new data directory, which holds <paramref name="hostConf"/> as <c>host.conf</c> (HOCON) from its first start,
    /// with <paramref name="runner"/> forced (see <see cref="Runner"/>). The directory is <c>queuectl-e2e-ID</c> in the
    /// temporary directory, followed by <paramref name="nameSuffix"/> if given.
    /// </summary>
    public static async Task<TestHost> StartAsync(
        ITestOutputHelper? log = null, string? hostConf = null, string? runner = null, string? nameSuffix = null)
    {
        var home = Path.Combine(Path.GetTempPath(), "queuectl-e2e-" + Guid.NewGuid().ToString("N")[..12] + nameSuffix);
        Directory.CreateDirectory(home);
        if (hostConf is not null)
        {
            File.WriteAllText(Path.Combine(home, "host.conf"), hostConf);
        }
        var host = new TestHost(home, FreePort.Next(), log, runner);
        try
        {
            // Another program may take the free port between FreePort.Next and the host's bind: then try another.
            for (var attempt = 1; ; attempt++)
            {
                var exited = await host.TryStartAsync();
                if (exited is null)
                {
                    return host;
                }
                if (attempt == 3 || !exited.Contains("cannot listen", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"the host did not start:\n{exited}");
                }
                host.Port = FreePort.Next();
                host.Cli = new Cli(home, host.Address);
            }
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the host again on the same data directory and port (after a stop or a kill).</summary>
    public async Task RestartAsync()
    {
        if (_process is not null)
        {
            throw new InvalidOperationException("the host is still running; stop or kill it first");
        }
        if (await TryStartAsync() is { } exited)
        {
            throw new InvalidOperationException($"the host did not start again:\n{exited}");
        }
    }

    /// <summary><c>queuectl host stop</c>: graceful; returns once the host process has exited.</summary>
    public async Task<CliResult> StopAsync()
    {
        var process = _process ?? throw new InvalidOperationException("the host is not running");
        var stop = await Cli.RunAsync("host", "stop");
        using (var deadline = new CancellationTokenSource(ExitTimeout))
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        Forget(process);
        return stop;
    }

    /// <summary><c>kill -9</c> of the host process alone: its running jobs live on as orphans, as after a crash.</summary>
    public async Task KillAsync()
    {
        var process = _process ?? throw new InvalidOperationException("the host is not running");
        process.Kill(entireProcessTree: false);
        using (var deadline = new CancellationTokenSource(ExitTimeout))
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        Forget(process);
    }

    /// <summary>
    /// Sends <paramref name="signal"/> (e.g. <see cref="Signals.SIGTERM"/>) to the host and waits up to
    /// <paramref name="exitTimeout"/> for it to exit; returns how long that took and its exit code.
    /// </summary>
    public async Task<(TimeSpan Elapsed, int ExitCode)> SignalAndWaitForExitAsync(int signal, TimeSpan exitTimeout)
    {
        var process = _process ?? throw new InvalidOperationException("the host is not running");
        var elapsed = Stopwatch.StartNew();
        Signals.Send(process.Id, signal);
        using (var deadline = new CancellationTokenSource(exitTimeout))
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        var exitCode = process.ExitCode;
        Forget(process);
        return (elapsed.Elapsed, exitCode);
    }

    /// <summary>
    /// Waits up to <paramref name="exitTimeout"/> for the host to exit on its own (after <c>host stop</c> sent by the
    /// test); returns its exit code.
    /// </summary>
    public async Task<int> WaitForExitAsync(TimeSpan exitTimeout)
    {
        var process = _process ?? throw new InvalidOperationException("the host is not running");
        using (var deadline = new CancellationTokenSource(exitTimeout))
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        var exitCode = process.ExitCode;
        Forget(process);
        return exitCode;
    }

    /// <summary>Runs one more host process that is expected to refuse to start; returns how it exited.</summary>
    public static Task<CliResult> RunRefusedHostAsync(string home, string address, params string[] arguments) =>
        RunRefusedHostAsync(home, address, runner: null, arguments);

    /// <summary>The same with <c>QUEUECTL_RUNNER</c> set to <paramref name="runner"/>.</summary>
    public static Task<CliResult> RunRefusedHostAsync(string home, string address, string? runner, params string[] arguments)
    {
        var environment = Cli.Environment(home, address);
        environment[Cli.RunnerEnvironmentVariable] = runner;
        return Cli.RunProcessAsync(Binaries.Host, arguments, environment, stdin: null, ExitTimeout);
    }

    /// <summary>Null once the host is ready; else everything it printed before it exited.</summary>
    private async Task<string?> TryStartAsync()
    {
        var start = new ProcessStartInfo(Binaries.Host)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Home,
        };
        foreach (var (key, value) in Cli.Environment(Home, Address))
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
        if (Runner is not null)
        {
            start.Environment[Cli.RunnerEnvironmentVariable] = Runner;
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var linesBefore = LineCount();
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }
            Append(e.Data);
            if (e.Data.Contains(ReadyLine, StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Append("stderr: " + e.Data);
            }
        };
        Append($"=== starting {Binaries.Host} on {Address}, data {Home}");
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
        _process = process;

        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(ready.Task, exited, Task.Delay(ReadyTimeout));
        if (first == ready.Task)
        {
            await ConfirmRunnerAsync(linesBefore);
            return null;
        }
        if (first == exited)
        {
            // Both output streams are drained once WaitForExitAsync completes; Forget disposes the process.
            var exitCode = process.ExitCode;
            Forget(process);
            return $"exit code {exitCode}\n{OutputSince(linesBefore)}";
        }
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        Forget(process);
        throw new TimeoutException($"the host did not print '{ReadyLine}' within {ReadyTimeout.TotalSeconds:0} s:\n{OutputSince(linesBefore)}");
    }

    /// <summary>
    /// A host told to use the portable runner says so at start (after its ready line, as the pool starts): a test meant for
    /// that runner fails here, rather than pass on the native one.
    /// </summary>
    private async Task ConfirmRunnerAsync(int linesBefore)
    {
        if (Runner != "portable")
        {
            return;
        }
        var elapsed = Stopwatch.StartNew();
        while (!OutputSince(linesBefore).Contains(PortableRunnerLine, StringComparison.Ordinal))
        {
            if (elapsed.Elapsed > RunnerLineTimeout)
            {
                throw new InvalidOperationException(
                    $"the host was told to use the portable runner and never said '{PortableRunnerLine}':\n{OutputSince(linesBefore)}");
            }
            await Task.Delay(50);
        }
    }

    private void Forget(Process process)
    {
        if (_process == process)
        {
            _process = null;
        }
        Append($"=== host exited with code {process.ExitCode}");
        process.Dispose();
    }

    private void Append(string line)
    {
        lock (_output)
        {
            _output.Add(line);
        }
    }

    private int LineCount()
    {
        lock (_output)
        {
            return _output.Count;
        }
    }

    private string OutputSince(int line)
    {
        lock (_output)
        {
            return string.Join('\n', _output.Skip(line));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            try
            {
                process.Kill(entireProcessTree: true);
                using var deadline = new CancellationTokenSource(ExitTimeout);
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
            {
                // already gone, or stuck: nothing more a test can do
            }
            Forget(process);
        }
        WriteTail();
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

    /// <summary>The host's last lines in the test's output, to see why a test failed.</summary>
    private void WriteTail()
    {
        if (_log is null)
        {
            return;
        }
        string[] tail;
        lock (_output)
        {
            // Remoting logs a line or two for every CLI call; they say nothing about the queue.
            tail = _output.Where(line => !NoiseMarkers.Any(marker => line.Contains(marker, StringComparison.Ordinal)))
                .TakeLast(80).ToArray();
        }
        try
        {
            _log.WriteLine($"--- host on {Address}, data {Home}: last {tail.Length} lines ---");
            foreach (var line in tail)
            {
                _log.WriteLine(line);
            }
        }
        catch (InvalidOperationException)
        {
            // the test has already finished
        }
    }
}
