using System.CommandLine;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;
using QueueCtl.Cli.Completion;

namespace QueueCtl.Cli.Commands;

/// <summary><c>queuectl schedule remove NAME</c> → <see cref="RemoveSchedule"/> → <see cref="ScheduleDeleted"/>. The jobs it made stay.</summary>
internal static class ScheduleRemoveCommand
{
    public static Command Create(CliContext cli)
    {
        var name = new Argument<string>("NAME") { Description = "The schedule to remove (jobs it already enqueued stay)" }.WithScheduleNames(cli);
        var command = new Command("remove", "Remove a recurring job; no firing after this") { name };
        cli.SetAction(command, (parse, cancellation) =>
        {
            var (request, problem) = ToRequest(parse.GetValue(name)!);
            return problem is not null ? Task.FromResult(problem) : cli.RequestAsync(parse, request!, cancellation);
        });
        return command;
    }

    public static (RemoveSchedule? Request, CliOutcome? Problem) ToRequest(string name) =>
        ScheduleNames.Problem(name) is { } problem
            ? (null, CliOutcome.Usage(problem, "give the name of a schedule as `queuectl schedule list` shows it"))
            : (new RemoveSchedule(name), null);
}
