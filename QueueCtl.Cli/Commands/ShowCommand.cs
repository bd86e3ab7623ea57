using System.CommandLine;
using QueueCtl.Actors.Protocol;
using QueueCtl.Cli.Completion;

namespace QueueCtl.Cli.Commands;

/// <summary><c>queuectl show ID</c> → <see cref="GetJob"/> → <see cref="JobDetails"/>: every field and the job's history.</summary>
internal static class ShowCommand
{
    public static Command Create(CliContext cli)
    {
        var id = JobIdArgument.Create("The job to show").WithJobIds(cli);
        var command = new Command("show", "Show every field of one job and its history") { id };
        cli.SetAction(command, (parse, cancellation) =>
        {
            var jobId = parse.GetValue(id)!;
            return JobIdArgument.Problem(jobId) is { } problem
                ? Task.FromResult(problem)
                : cli.RequestAsync(parse, new GetJob(jobId), cancellation);
        });
        return command;
    }
}
