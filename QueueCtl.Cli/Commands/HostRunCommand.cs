using System.CommandLine;
using System.Diagnostics;
using QueueCtl.Cli.Hosting;

namespace QueueCtl.Cli.Commands;

/// <summary>
/// <c>queuectl host run [--data-dir DIR]</c>: the host node in the foreground. On Unix the CLI process becomes the
/// host (execvp), so signals go straight to it; elsewhere the CLI starts it and waits for it.
/// </summary>
internal static class HostRunCommand
{
    public static Command Create(CliContext cli)
    {
        var dataDir = HostStartCommand.CreateDataDirOption();
        var allowRemote = HostStartCommand.CreateAllowRemoteOption();
        var metricsListen = HostStartCommand.CreateMetricsListenOption();
        var command = new Command("run", "Run the host node in the foreground (Ctrl-C stops it gracefully)") { dataDir, allowRemote, metricsListen };
        cli.SetAction(command, async (parse, cancellation) =>
        {
            var (address, problem) = cli.ResolveHost(parse);
            if (problem is not null)
            {
                return problem;
            }
            var (program, notFound) = HostProgram.Find();
            if (notFound is not null)
            {
                return notFound;
            }
            var directory = parse.GetValue(dataDir) is { } given ? Path.GetFullPath(given) : null;
            var arguments = program!.Arguments(address!, directory, parse.GetValue(allowRemote), parse.GetValue(metricsListen));
            await cli.Console.Out.FlushAsync(cancellation);
            if (!OperatingSystem.IsWindows())
            {
                var error = Exec.Replace(program.FileName, arguments);
                return CliOutcome.Error(ExitCodes.Refused, $"cannot run {program.FileName}: {error}",
                    $"check that it exists and is executable, or set {HostProgram.ExecutableEnvironmentVariable}");
            }
            var start = new ProcessStartInfo(program.FileName) { UseShellExecute = false };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }
            using var host = Process.Start(start)!;
            await host.WaitForExitAsync(CancellationToken.None);
            return new CliOutcome(host.ExitCode);
        });
        return command;
    }
}
