using System.Collections.Immutable;
using System.CommandLine;
using QueueCtl.Actors.Protocol;
using QueueCtl.Cli.Completion;
using QueueCtl.Cli.Output;

namespace QueueCtl.Cli.Commands;

/// <summary>
/// <c>queuectl cancel ID…</c> → <see cref="CancelJobs"/> → <see cref="JobsCanceled"/>. A running job's process group is
/// being killed when the host answers, so the CLI then waits (<see cref="WaitForJobs"/>) until every job it named is dead,
/// and prints them: once it returns, no process of theirs runs and <c>dlq retry</c> can bring them back.
/// </summary>
internal static class CancelCommand
{
    public static Command Create(CliContext cli)
    {
        var ids = new Argument<string[]>("ID")
        {
            Description = "The jobs to cancel: pending, scheduled, failed or running",
            Arity = ArgumentArity.OneOrMore,
        }.WithJobIds(cli);
        var command = new Command("cancel",
            "Cancel jobs: they never run (again), a running one has its process group killed; each ends dead with reason \"canceled\"") { ids };
        cli.SetAction(command, (parse, cancellation) =>
        {
            var (jobIds, problem) = JobIdArgument.Many(parse.GetValue(ids) ?? [], "no job to cancel");
            return problem is not null
                ? Task.FromResult(problem)
                : cli.WithClientAsync(parse, (client, token) => CancelAsync(cli, parse, client, new CancelJobs(jobIds), token), cancellation);
        });
        return command;
    }

    /// <summary>How many of the jobs that died with the canceled ones are listed; a longer chain is counted.</summary>
    public const int DependantsShown = 1000;

    private static async Task<CliOutcome> CancelAsync(CliContext cli, ParseResult parse, QueueClient client, CancelJobs request, CancellationToken token)
    {
        var reply = await client.AskAsync(request, QueueClient.DefaultAskTimeout, token);
        if (reply is not JobsCanceled canceled)
        {
            return cli.Render(parse, reply);
        }
        // The killed runs end within the kill grace; the wait has no timeout of its own, as `queuectl wait` has none. The
        // dependants are dead already: the first of them are shown, and the rest counted, so the answer fits one reply.
        var dead = await client.AskAsync(
            new WaitForJobs([.. canceled.Canceled, .. canceled.Killing, .. canceled.Dependants.Take(DependantsShown)]), timeout: null, token);
        return dead is JobsFinished finished
            ? cli.Render(parse, new CanceledJobs(canceled, finished.Jobs))
            : cli.Render(parse, dead);
    }
}
