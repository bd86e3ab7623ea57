using System.CommandLine;
using System.Text;
using QueueCtl.Actors.Protocol;
using QueueCtl.Cli.Completion;
using QueueCtl.Cli.Output;

namespace QueueCtl.Cli.Commands;

/// <summary>
/// <c>queuectl logs ID [--attempt N]</c> → <see cref="GetJobLog"/> chunks until <see cref="JobLogChunk.EndOfLog"/>: the
/// job's stdout and stderr (or one run's), printed raw as they arrive. <c>queuectl logs ID --follow</c> →
/// <see cref="FollowJobLog"/>: the host pushes the output as the job writes it, and <see cref="JobLogFollowEnded"/> once
/// the job is completed or dead (needs a host of protocol 3).
/// </summary>
internal static class LogsCommand
{
    private const int ChunkBytes = 256 * 1024;

    public static Command Create(CliContext cli)
    {
        var id = JobIdArgument.Create("The job whose output to print").WithJobIds(cli);
        var follow = new Option<bool>("--follow", "-f")
        {
            Description = "Keep printing new output as the job writes it, until it is completed or dead",
        };
        var attempt = AttemptOption.Create();
        var command = new Command("logs", "Print a job's captured stdout and stderr") { id, follow, attempt };
        cli.SetAction(command, (parse, cancellation) =>
        {
            var jobId = parse.GetValue(id)!;
            var (following, run) = (parse.GetValue(follow), parse.GetValue(attempt));
            return (JobIdArgument.Problem(jobId) ?? AttemptOption.Problem(run, following)) is { } problem
                ? Task.FromResult(problem)
                : cli.WithClientAsync(parse, (client, token) => following
                    ? FollowAsync(cli, parse, client, jobId, token)
                    : ReadAsync(cli, parse, client, jobId, run, token), cancellation);
        });
        return command;
    }

    private static async Task<CliOutcome> ReadAsync(
        CliContext cli, ParseResult parse, QueueClient client, string jobId, int? attempt, CancellationToken cancellation)
    {
        var output = new LogOutput(cli, parse);
        var offset = 0L;
        while (true)
        {
            var reply = await client.AskAsync(new GetJobLog(jobId, offset, ChunkBytes, attempt), QueueClient.DefaultAskTimeout, cancellation);
            if (reply is not JobLogChunk chunk)
            {
                return cli.Render(parse, reply);
            }
            await output.WriteAsync(chunk.Text, cancellation);
            offset = chunk.NextOffset;
            if (chunk.EndOfLog)
            {
                return output.Finish(jobId, attempt);
            }
        }
    }

    /// <summary>
    /// Prints each chunk the host pushes, then acknowledges it (the host sends the next only then). Ends with the job;
    /// a host that stops meanwhile exits 3, as an unreachable host does, after what was printed.
    /// </summary>
    private static async Task<CliOutcome> FollowAsync(
        CliContext cli, ParseResult parse, QueueClient client, string jobId, CancellationToken cancellation)
    {
        var output = new LogOutput(cli, parse);
        CliOutcome? outcome = null;
        try
        {
            await client.FollowAsync(new FollowJobLog(jobId, 0, ChunkBytes), async (pushed, token) =>
            {
                switch (pushed.Message)
                {
                    case JobLogChunk chunk:
                        await output.WriteAsync(chunk.Text, token);
                        pushed.Sender.Tell(new JobLogChunkReceived(chunk.NextOffset), Akka.Actor.ActorRefs.NoSender);
                        return true;
                    case JobLogFollowEnded:
                        outcome = output.Finish(jobId, attempt: null);
                        return false;
                    case CommandRejected { Kind: RejectionKind.Unavailable } stopped:
                        outcome = new CliOutcome(ExitCodes.Unreachable, Stderr: $"queuectl: {stopped.Reason}");
                        return false;
                    default:
                        outcome = cli.Render(parse, pushed.Message);
                        return false;
                }
            }, cancellation);
        }
        catch (HostGoneException)
        {
            outcome = CliOutcome.Error(ExitCodes.Unreachable, $"the host at {client.Address} went away while following job '{jobId}'",
                $"start it again with `queuectl host start` and run `queuectl logs {jobId} --follow` again");
        }
        return outcome!;
    }

    /// <summary>Raw text to the terminal as it comes; with <c>--json</c>, collected into one <see cref="JobLogText"/>.</summary>
    private sealed class LogOutput(CliContext cli, ParseResult parse)
    {
        private readonly StringBuilder? _collected = cli.WantsJson(parse) ? new StringBuilder() : null;

        public async Task WriteAsync(string text, CancellationToken cancellation)
        {
            if (_collected is not null)
            {
                _collected.Append(text);
                return;
            }
            await cli.Console.Out.WriteAsync(text);
            await cli.Console.Out.FlushAsync(cancellation);
        }

        public CliOutcome Finish(string jobId, int? attempt) =>
            _collected is not null ? cli.Render(parse, new JobLogText(jobId, _collected.ToString(), attempt)) : CliOutcome.Done;
    }
}
