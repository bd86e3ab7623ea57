using System.CommandLine;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;
using QueueCtl.Cli.Completion;

namespace QueueCtl.Cli.Commands;

/// <summary>
/// <c>queuectl dlq retry ID</c> → <see cref="RetryDeadJob"/>, <c>queuectl dlq retry --all</c> → <see cref="RetryAllDeadJobs"/>;
/// both → <see cref="DeadJobsRetried"/>. Dead jobs go back to pending with their attempts reset.
/// </summary>
internal static class DlqRetryCommand
{
    public static Command Create(CliContext cli)
    {
        var id = new Argument<string?>("ID")
        {
            Description = "The dead job to retry",
            Arity = ArgumentArity.ZeroOrOne,
        }.WithJobIds(cli, JobState.Dead);
        var all = new Option<bool>("--all") { Description = "Retry every dead job" };
        var command = new Command("retry", "Move a dead job (or all of them) back to pending, attempts reset") { id, all };
        cli.SetAction(command, (parse, cancellation) =>
        {
            var (request, problem) = ToRequest(parse.GetValue(id), parse.GetValue(all));
            return problem is not null ? Task.FromResult(problem) : cli.RequestAsync(parse, request!, cancellation);
        });
        return command;
    }

    public static (IQueueCtlMessage? Request, CliOutcome? Problem) ToRequest(string? id, bool all)
    {
        if (all == id is not null)
        {
            return (null, CliOutcome.Usage(
                all ? "give either a job id or --all, not both" : "no job to retry",
                "use `queuectl dlq retry ID` for one job or `queuectl dlq retry --all` for every dead job"));
        }
        if (all)
        {
            return (RetryAllDeadJobs.Instance, null);
        }
        return JobIdArgument.Problem(id) is { } problem ? (null, problem) : (new RetryDeadJob(id!), null);
    }
}
