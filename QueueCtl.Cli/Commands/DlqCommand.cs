using System.CommandLine;

namespace QueueCtl.Cli.Commands;

/// <summary><c>queuectl dlq ...</c>: the dead letter queue.</summary>
internal static class DlqCommand
{
    public static Command Create(CliContext cli) =>
        new("dlq", "The dead letter queue: jobs that failed more often than max_retries allows")
        {
            DlqListCommand.Create(cli),
            DlqRetryCommand.Create(cli),
        };
}
