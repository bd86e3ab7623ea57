using System.CommandLine;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;
using QueueCtl.Cli.Output;

namespace QueueCtl.Cli.Commands;

/// <summary>
/// <c>queuectl dlq list [--limit N] [--offset N] [--sort ORDER] [--grep TEXT]</c> → <see cref="ListJobs"/> of dead jobs →
/// <see cref="JobList"/>, shown with each last error.
/// </summary>
internal static class DlqListCommand
{
    public static Command Create(CliContext cli)
    {
        var page = new ListPage();
        var command = new Command("list", "List the dead jobs (the dead letter queue) with their last error");
        page.AddTo(command);
        cli.SetAction(command, (parse, cancellation) =>
        {
            var (request, problem) = page.ToRequest(parse, JobState.Dead);
            return problem is not null
                ? Task.FromResult(problem)
                : cli.RequestAsync(parse, request!, cancellation,
                    view: reply => reply is JobList list ? new DeadJobList(list, request!.Offset, request.Grep) : reply);
        });
        return command;
    }
}
