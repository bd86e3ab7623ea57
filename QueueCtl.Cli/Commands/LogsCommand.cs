using System.CommandLine;
using System.Text;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;
using QueueCtl.Cli.Completion;
using QueueCtl.Cli.Output;

namespace QueueCtl.Cli.Commands;

/// <summary>
/// <c>queuectl logs ID [--follow]</c> → <see cref="GetJobLog"/> chunks until <see cref="JobLogChunk.EndOfLog"/>:
/// the job's stdout and stderr, printed raw as they arrive. <c>--follow</c> keeps reading until the job is finished.
/// </summary>
internal static class LogsCommand
{
    private const int ChunkBytes = 256 * 1024;
    private static readonly TimeSpan FollowInterval = TimeSpan.FromMilliseconds(500);

    public static Command Create(CliContext cli)
    {
        var id = JobIdArgument.Create("The job whose output to print").WithJobIds(cli);
        var follow = new Option<bool>("--follow", "-f")
        {
            Description = "Keep printing new output until the job is completed or dead",
        };
        var command = new Command("logs", "Print a job's captured stdout and stderr") { id, follow };
        cli.SetAction(command, (parse, cancellation) =>
        {
            var jobId = parse.GetValue(id)!;
            return JobIdArgument.Problem(jobId) is { } problem
                ? Task.FromResult(problem)
                : cli.WithClientAsync(parse, (client, token) => ReadAsync(cli, parse, client, jobId, parse.GetValue(follow), token), cancellation);
        });
        return command;
    }

    private static async Task<CliOutcome> ReadAsync(
        CliContext cli, ParseResult parse, QueueClient client, string jobId, bool follow, CancellationToken cancellation)
    {
        var json = cli.WantsJson(parse);
        var collected = json ? new StringBuilder() : null;
        var offset = 0L;
        var finished = false;
        while (true)
        {
            var reply = await client.AskAsync(new GetJobLog(jobId, offset, ChunkBytes), QueueClient.DefaultAskTimeout, cancellation);
            if (reply is not JobLogChunk chunk)
            {
                return cli.Render(parse, reply);
            }
            if (collected is not null)
            {
                collected.Append(chunk.Text);
            }
            else
            {
                await cli.Console.Out.WriteAsync(chunk.Text);
                await cli.Console.Out.FlushAsync(cancellation);
            }
            offset = chunk.NextOffset;
            if (!chunk.EndOfLog)
            {
                continue;
            }
            if (!follow || finished)
            {
                break;
            }
            var state = await client.AskAsync(new GetJob(jobId), QueueClient.DefaultAskTimeout, cancellation);
            if (state is not JobDetails details)
            {
                return cli.Render(parse, state);
            }
            // Once the job is finished, one more read picks up whatever it wrote last.
            finished = details.Job.State.IsFinished();
            if (!finished)
            {
                await Task.Delay(FollowInterval, cancellation);
            }
        }
        return collected is not null ? cli.Render(parse, new JobLogText(jobId, collected.ToString())) : CliOutcome.Done;
    }
}
