using System.CommandLine;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;
using QueueCtl.Cli.Output;

namespace QueueCtl.Cli.Commands;

/// <summary><c>queuectl dlq list</c> → <see cref="ListJobs"/> of dead jobs → <see cref="JobList"/>, shown with each last error.</summary>
internal static class DlqListCommand
{
    public static Command Create(CliContext cli)
    {
        var limit = ListLimit.CreateOption();
        var command = new Command("list", "List the dead jobs (the dead letter queue) with their last error") { limit };
        cli.SetAction(command, (parse, cancellation) =>
        {
            var count = parse.GetValue(limit);
            return ListLimit.Problem(count) is { } problem
                ? Task.FromResult(problem)
                : cli.RequestAsync(parse, new ListJobs(JobState.Dead, count), cancellation,
                    view: reply => reply is JobList list ? new DeadJobList(list) : reply);
        });
        return command;
    }
}
