using QueueCtl.Actors.Hosting;
using System.CommandLine;
using System.Diagnostics;
using QueueCtl.Actors.Protocol;
using QueueCtl.Cli.Output;

namespace QueueCtl.Cli.Commands;

/// <summary>
/// <c>queuectl host stop</c> → <see cref="StopHost"/> (to the host-control actor) → <see cref="HostStopping"/>; then
/// waits until the port is closed (and, for a host on this machine, its process has exited), so a
/// <c>host start</c> right after it finds the data directory free.
/// </summary>
internal static class HostStopCommand
{
    /// <summary>
    /// How much longer than the host's shutdown grace for running jobs (<c>queuectl.shutdown-grace</c>, which the host
    /// names in its answer) the host may take to stop them, store their interruptions and exit.
    /// </summary>
    private static readonly TimeSpan BeyondGrace = TimeSpan.FromSeconds(20);

    /// <summary>The grace of a host that does not name it (an older version): the default.</summary>
    private static readonly TimeSpan DefaultGrace = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public static Command Create(CliContext cli)
    {
        var command = new Command("stop", "Stop the host node gracefully (running jobs get a grace period) and wait until it is gone");
        cli.SetAction(command, async (parse, cancellation) =>
        {
            var (address, problem) = cli.ResolveHost(parse);
            if (problem is not null)
            {
                return problem;
            }
            var pid = 0;
            var grace = DefaultGrace;
            var asked = await QueueClient.RunAsync(address!, async (client, token) =>
            {
                var reply = await client.AskHostControlAsync(StopHost.Instance, QueueClient.DefaultAskTimeout, token);
                if (reply is HostStopping stopping)
                {
                    pid = stopping.Pid;
                    grace = stopping.Grace ?? DefaultGrace;
                    return CliOutcome.Done;
                }
                return cli.Render(parse, reply);
            }, cancellation);
            return asked.ExitCode != ExitCodes.Ok ? asked : await WaitUntilGoneAsync(cli, parse, address!, pid, grace + BeyondGrace, cancellation);
        });
        return command;
    }

    private static async Task<CliOutcome> WaitUntilGoneAsync(
        CliContext cli, ParseResult parse, HostAddress address, int pid, TimeSpan stopTimeout, CancellationToken cancellation)
    {
        var elapsed = Stopwatch.StartNew();
        var local = address.IsLoopback;
        while (elapsed.Elapsed < stopTimeout)
        {
            // A local host is gone when its process is; only a host on another machine is asked for at its port.
            var gone = local
                ? !IsRunning(pid)
                : await QueueClient.ProbeAsync(address, QueueClient.ProbeTimeout, cancellation) is null;
            if (gone)
            {
                return cli.Render(parse, new HostStopped(address, pid));
            }
            await Task.Delay(PollInterval, cancellation);
        }
        return CliOutcome.Error(ExitCodes.Refused,
            $"the host on {address} (pid {pid}) is still running {stopTimeout.TotalSeconds:0} s after it was asked to stop",
            $"see its host.out; end it with `kill {pid}` (or `kill -9 {pid}`; the journal recovers every job)");
    }

    private static bool IsRunning(int pid)
    {
        if (pid <= 0)
        {
            return false;
        }
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
