using System.CommandLine;

namespace QueueCtl.Cli.Commands;

/// <summary><c>queuectl schedule ...</c>: recurring jobs, each firing an ordinary job.</summary>
internal static class ScheduleCommand
{
    public static Command Create(CliContext cli) =>
        new("schedule", "Recurring jobs: a command enqueued at each time a cron expression names (missed firings run once)")
        {
            ScheduleAddCommand.Create(cli),
            ScheduleListCommand.Create(cli),
            ScheduleRemoveCommand.Create(cli),
        };
}
