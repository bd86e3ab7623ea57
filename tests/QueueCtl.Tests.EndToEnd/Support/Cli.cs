using System.Diagnostics;

namespace QueueCtl.Tests.EndToEnd.Support;

/// <summary>
/// Runs the real <c>queuectl</c> CLI (the apphost built next to the tests, or <paramref name="program"/>: the
/// launcher, an installed tool) as a separate process, with <c>QUEUECTL_HOME</c> and <c>QUEUECTL_HOST</c> pointing at
/// one test's host (and <paramref name="environment"/> on top), and captures everything it prints.
/// </summary>
internal sealed class Cli(string home, string address, string? program = null, IReadOnlyDictionary<string, string?>? environment = null)
{
    /// <summary>No CLI call in these tests should take this long; <c>wait</c> on a job that never ends would.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(90);

    public string Home { get; } = home;

    public string Address { get; } = address;

    public Task<CliResult> RunAsync(params string[] args) => RunAsync(args, stdin: null);

    public Task<CliResult> RunAsync(IReadOnlyList<string> args, string? stdin, TimeSpan? timeout = null) =>
        RunProcessAsync(program ?? Binaries.Cli, args, WithOverrides(Environment(Home, Address)), stdin, timeout ?? DefaultTimeout);

    private Dictionary<string, string?> WithOverrides(Dictionary<string, string?> variables)
    {
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            variables[key] = value;
        }
        return variables;
    }

    /// <summary>The host's choice of job runner; a test host sets it only when told (<see cref="TestHost.Runner"/>).</summary>
    public const string RunnerEnvironmentVariable = "QUEUECTL_RUNNER";

    /// <summary>
    /// The environment of the CLI and the host: isolated home and address, the test's runtime, and none of the variables
    /// of queuectl that the machine running the tests may have set.
    /// </summary>
    public static Dictionary<string, string?> Environment(string home, string address) => new()
    {
        [RunnerEnvironmentVariable] = null,
        ["QUEUECTL_HOME"] = home,
        ["QUEUECTL_HOST"] = address,
        ["DOTNET_ROOT"] = Binaries.DotnetRoot,
        ["QUEUECTL_HOST_EXE"] = null,
        ["QUEUECTL_RUN"] = null,
        ["QUEUECTL_CLIENT_LOGLEVEL"] = null,
        // `queuectl dashboard` opens a browser where there is a display: never from a test.
        ["DISPLAY"] = null,
        ["WAYLAND_DISPLAY"] = null,
    };

    /// <summary>Runs <paramref name="program"/> to its end (killed after <paramref name="timeout"/>), stdin written then closed.</summary>
    public static async Task<CliResult> RunProcessAsync(
        string program, IReadOnlyList<string> args, IReadOnlyDictionary<string, string?> environment, string? stdin, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // Relative paths (@job.json, --file) are resolved in the test's data directory when it exists.
            WorkingDirectory = environment.TryGetValue("QUEUECTL_HOME", out var home) && Directory.Exists(home) ? home : Path.GetTempPath(),
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in environment)
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

        var elapsed = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var input = WriteInputAsync(process, stdin);
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            var partial = new CliResult(args, -1, await stdout, await stderr, elapsed.Elapsed);
            throw new TimeoutException($"{Path.GetFileName(program)} did not exit within {timeout.TotalSeconds:0} s; killed:\n{partial}");
        }
        await input;
        return new CliResult(args, process.ExitCode, await stdout, await stderr, elapsed.Elapsed);
    }

    private static async Task WriteInputAsync(Process process, string? stdin)
    {
        try
        {
            if (stdin is not null)
            {
                await process.StandardInput.WriteAsync(stdin);
            }
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // the program exited without reading all of its input; its exit code tells the test why
        }
    }
}
