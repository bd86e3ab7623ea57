using System.CommandLine;
using QueueCtl.Actors.Protocol;

namespace QueueCtl.Cli.Commands;

/// <summary><c>queuectl status</c> → <see cref="GetStatus"/> → <see cref="StatusView"/>.</summary>
internal static class StatusCommand
{
    public static Command Create(CliContext cli)
    {
        var command = new Command("status", "Show job counts per state, workers, and the host's address, pid, version, uptime and data location");
        cli.SetAction(command, (parse, cancellation) => cli.RequestAsync(parse, GetStatus.Instance, cancellation));
        return command;
    }
}
