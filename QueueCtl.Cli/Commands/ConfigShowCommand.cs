using System.CommandLine;
using QueueCtl.Actors.Protocol;

namespace QueueCtl.Cli.Commands;

/// <summary><c>queuectl config show</c> → <see cref="GetConfig"/> → <see cref="ConfigView"/>.</summary>
internal static class ConfigShowCommand
{
    public static Command Create(CliContext cli)
    {
        var command = new Command("show", "Show every setting");
        cli.SetAction(command, (parse, cancellation) => cli.RequestAsync(parse, GetConfig.Instance, cancellation));
        return command;
    }
}
