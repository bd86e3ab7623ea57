using System.Collections.Immutable;
using System.CommandLine;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;
using QueueCtl.Cli.Completion;

namespace QueueCtl.Cli.Commands;

/// <summary>
/// <c>queuectl wait ID...</c> → <see cref="WaitForJobs"/> → <see cref="JobsFinished"/>, which the host sends only once
/// every job is completed or dead; so no timeout, but the wait ends if the host goes away. Exit 0 when all
/// completed, 4 when any ended dead. Many ids are waited for in batches of <see cref="BatchSize"/>, side by side, so
/// that no reply outgrows the remoting frame (a finished job is about 750 bytes; 22,000 of them would not fit).
/// </summary>
internal static class WaitCommand
{
    public static Command Create(CliContext cli)
    {
        var ids = new Argument<string[]>("ID")
        {
            Description = "The jobs to wait for",
            Arity = ArgumentArity.OneOrMore,
        }.WithJobIds(cli);
        var command = new Command("wait", "Block until the jobs are finished; exit 0 if all completed, 4 if any ended dead") { ids };
        cli.SetAction(command, (parse, cancellation) =>
        {
            var (request, problem) = ToRequest(parse.GetValue(ids) ?? []);
            return problem is not null
                ? Task.FromResult(problem)
                : cli.WithClientAsync(parse, (client, token) => WaitAsync(cli, parse, client, request!, token), cancellation);
        });
        return command;
    }

    /// <summary>All batches at once: a refusal (an unknown id) is reported as soon as it comes, not after the rest finish.</summary>
    private static async Task<CliOutcome> WaitAsync(CliContext cli, ParseResult parse, QueueClient client, WaitForJobs request, CancellationToken token)
    {
        var asks = Batches(request).Select(batch => AskUntilAvailableAsync(client, batch, token)).ToList();
        var unanswered = asks.ToList();
        while (unanswered.Count > 0)
        {
            var answered = await Task.WhenAny(unanswered);
            unanswered.Remove(answered);
            if (await answered is not JobsFinished)
            {
                return cli.Render(parse, await answered);
            }
        }
        return cli.Render(parse, new JobsFinished([.. asks.SelectMany(ask => ((JobsFinished)ask.Result).Jobs)]));
    }

    /// <summary>
    /// A queue manager that restarts after a storage fault answers its waiters "unavailable" (it forgets them); the wait
    /// is asked again, once a second while the host says so, as a user would.
    /// </summary>
    private static async Task<object> AskUntilAvailableAsync(QueueClient client, WaitForJobs batch, CancellationToken token)
    {
        while (true)
        {
            var reply = await client.AskAsync(batch, timeout: null, token);
            if (reply is not CommandRejected { Kind: RejectionKind.Unavailable })
            {
                return reply;
            }
            await Task.Delay(UnavailableRetry, token);
        }
    }

    private static readonly TimeSpan UnavailableRetry = TimeSpan.FromSeconds(1);

    /// <summary>Ids per request: 2,000 finished jobs make a reply of about 1.5 MB, well inside the 16 MiB frame.</summary>
    public const int BatchSize = 2000;

    /// <summary>The request split into requests of at most <see cref="BatchSize"/> ids, in order.</summary>
    public static IEnumerable<WaitForJobs> Batches(WaitForJobs request) =>
        request.JobIds.Chunk(BatchSize).Select(batch => new WaitForJobs([.. batch]));

    public static (WaitForJobs? Request, CliOutcome? Problem) ToRequest(IReadOnlyList<string> ids)
    {
        var (jobIds, problem) = JobIdArgument.Many(ids, "no job to wait for");
        return problem is not null ? (null, problem) : (new WaitForJobs(jobIds), null);
    }
}
