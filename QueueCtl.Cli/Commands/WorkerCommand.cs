using System.CommandLine;

namespace QueueCtl.Cli.Commands;

/// <summary><c>queuectl worker ...</c>: the pool of workers that run jobs.</summary>
internal static class WorkerCommand
{
    public static Command Create(CliContext cli) =>
        new("worker", "Start, resize or stop the workers that run jobs")
        {
            WorkerStartCommand.Create(cli),
            WorkerStopCommand.Create(cli),
        };
}
