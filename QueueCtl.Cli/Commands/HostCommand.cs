using System.CommandLine;

namespace QueueCtl.Cli.Commands;

/// <summary><c>queuectl host ...</c>: the host node that keeps the queue and runs the jobs.</summary>
internal static class HostCommand
{
    public static Command Create(CliContext cli) =>
        new("host", "Start, stop or run the host node that keeps the queue and runs jobs")
        {
            HostStartCommand.Create(cli),
            HostStopCommand.Create(cli),
            HostRunCommand.Create(cli),
        };
}
