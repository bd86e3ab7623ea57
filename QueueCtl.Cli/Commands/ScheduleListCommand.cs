using System.CommandLine;
using QueueCtl.Actors.Protocol;

namespace QueueCtl.Cli.Commands;

/// <summary><c>queuectl schedule list</c> → <see cref="ListSchedules"/> → <see cref="ScheduleList"/>: each with its next and last firing.</summary>
internal static class ScheduleListCommand
{
    public static Command Create(CliContext cli)
    {
        var command = new Command("list", "List the recurring jobs with their next and last firing");
        cli.SetAction(command, (parse, cancellation) => cli.RequestAsync(parse, ListSchedules.Instance, cancellation));
        return command;
    }
}
