using System.CommandLine;
using System.Diagnostics;
using QueueCtl.Actors.Hosting;
using QueueCtl.Actors.Protocol;
using QueueCtl.Actors.Security;
using QueueCtl.Cli.Hosting;
using QueueCtl.Cli.Output;

namespace QueueCtl.Cli.Commands;

/// <summary>
/// <c>queuectl host start [--data-dir DIR] [--allow-remote] [--metrics-listen HOST:PORT]</c>: starts the host node in the background and returns once it
/// answers <see cref="CheckProtocol"/>; if a host already answers on the address, says so and exits 0. Whether the
/// port is taken is found by binding it (<see cref="PortCheck"/>), and readiness by the host's ready line in its
/// output, so that no connection is made before the host can take a TLS one.
/// </summary>
internal static class HostStartCommand
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RetryUnanswered = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(3);

    public static Option<string?> CreateDataDirOption() => new("--data-dir")
    {
        Description = $"Where the host keeps queue.db and job logs [default: ${QueueCtlNames.HomeEnvironmentVariable}, else ~/.queuectl]",
        HelpName = "DIR",
    };

    public static Option<bool> CreateAllowRemoteOption() => new(HostProgram.AllowRemoteOption)
    {
        Description = "Listen on an address other machines can reach (--host); their CLIs need a copy of the data directory's tls/",
    };

    public static Option<string?> CreateMetricsListenOption() => new(HostProgram.MetricsListenOption)
    {
        Description = "Serve Prometheus's GET /metrics on this address, for example 127.0.0.1:9464 [default: queuectl.host.metrics-listen, off]",
        HelpName = "HOST:PORT",
    };

    public static Command Create(CliContext cli)
    {
        var dataDir = CreateDataDirOption();
        var allowRemote = CreateAllowRemoteOption();
        var metricsListen = CreateMetricsListenOption();
        var command = new Command("start", "Start the host node in the background; returns once it answers") { dataDir, allowRemote, metricsListen };
        cli.SetAction(command, (parse, cancellation) =>
        {
            var (address, problem) = cli.ResolveHost(parse);
            return problem is not null
                ? Task.FromResult(problem)
                : StartAsync(cli, parse, address!, parse.GetValue(dataDir), parse.GetValue(allowRemote), parse.GetValue(metricsListen), cancellation);
        });
        return command;
    }

    private static async Task<CliOutcome> StartAsync(
        CliContext cli, ParseResult parse, HostAddress address, string? dataDirOption, bool allowRemote, string? metricsListen,
        CancellationToken cancellation)
    {
        var dataDir = Path.GetFullPath(dataDirOption ?? QueueCtlNames.DefaultHome());
        if (PortCheck.Problem(address) is not null)
        {
            var running = await AskStatusAsync(cli, parse, address, dataDir, alreadyRunning: true, cancellation);
            return running.ExitCode == ExitCodes.Unreachable
                ? CliOutcome.Error(ExitCodes.Refused, $"{address} is in use, but not by a queuectl host that answers",
                    "stop the program using that port, or choose another address with --host")
                : running;
        }

        var (program, notFound) = HostProgram.Find();
        if (notFound is not null)
        {
            return notFound;
        }
        OwnerOnly.CreateDirectory(dataDir);
        var outputPath = Path.Combine(dataDir, HostLauncher.OutputFileName);
        HostLauncher.CreateOutput(outputPath);
        var outputStart = HostLauncher.Length(outputPath);

        using var process = HostLauncher.Start(program!, program!.Arguments(address, dataDir, allowRemote, metricsListen), outputPath);
        using var output = new HostOutputWatch(outputPath, process);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < ReadyTimeout)
        {
            if (process.HasExited)
            {
                return Exited(process.ExitCode, outputPath, outputStart);
            }
            var ready = HostLauncher.Printed(outputPath, outputStart, QueueCtlNames.HostReadyLine);
            if (ready)
            {
                var started = await AskStatusAsync(cli, parse, address, dataDir, alreadyRunning: false, cancellation);
                if (started.ExitCode != ExitCodes.Unreachable)
                {
                    return started;
                }
            }
            // A host that printed its ready line but did not answer may write nothing more: it is asked again shortly.
            var remaining = ReadyTimeout - deadline.Elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                break;
            }
            await output.NextAsync(ready && remaining > RetryUnanswered ? RetryUnanswered : remaining, cancellation);
        }
        return CliOutcome.Error(ExitCodes.Refused,
            $"the host (pid {process.Id}) did not answer on {address} within {ReadyTimeout.TotalSeconds:0} s",
            $"see {outputPath}; stop it with `kill {process.Id}` if it hangs");
    }

    private static Task<CliOutcome> AskStatusAsync(
        CliContext cli, ParseResult parse, HostAddress address, string dataDir, bool alreadyRunning, CancellationToken cancellation) =>
        QueueClient.RunAsync(address, async (client, token) =>
        {
            var reply = await client.AskAsync(GetStatus.Instance, QueueClient.DefaultAskTimeout, token);
            return cli.Render(parse, reply is StatusView status
                ? new HostStarted(address, status.Host.Pid, status.Host.DataLocation, status.Host.Version, alreadyRunning)
                : reply);
        }, cancellation, HandshakeTimeout, home: dataDir);

    private static CliOutcome Exited(int exitCode, string outputPath, long outputStart)
    {
        var tail = HostLauncher.Tail(outputPath, outputStart);
        var what = $"the host exited with code {exitCode} before it was ready";
        return new CliOutcome(ExitCodes.Refused, Stderr:
            (tail.Length > 0 ? tail + "\n" : "") + $"queuectl: {what}; see the lines above and {outputPath}");
    }
}
