using System.CommandLine;

namespace QueueCtl.Cli.Commands;

/// <summary><c>queuectl config ...</c>: the queue's settings, persisted in the host.</summary>
internal static class ConfigCommand
{
    public static Command Create(CliContext cli) =>
        new("config", "Show or change the queue's settings")
        {
            ConfigShowCommand.Create(cli),
            ConfigGetCommand.Create(cli),
            ConfigSetCommand.Create(cli),
        };
}
