using System.CommandLine;
using Akka.Actor;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;
using QueueCtl.Cli.Input;
using QueueCtl.Cli.Output;

namespace QueueCtl.Cli.Commands;

/// <summary>
/// Sends checked jobs as <see cref="EnqueueJobs"/> batches with up to <see cref="MaxInFlight"/> awaiting their reply
/// (one actor answers in order, so the pipeline only hides round trips). If the host refuses a batch, no further
/// batch is sent and the user learns how many jobs were enqueued before it.
/// </summary>
internal static class EnqueueSender
{
    public const int MaxInFlight = 4;
    private static readonly TimeSpan BatchTimeout = TimeSpan.FromSeconds(60);

    public static async Task<CliOutcome> SendAsync(
        CliContext cli, ParseResult parse, QueueClient client, IReadOnlyList<JobSubmission> jobs, CancellationToken cancellation)
    {
        var json = cli.WantsJson(parse);
        // The jobs themselves are only needed to print them: as JSON, or the id of a single job.
        var keepJobs = json || jobs.Count == 1;
        var accepted = new List<Job>(keepJobs ? jobs.Count : 0);
        var acceptedCount = 0;
        var inFlight = new Queue<(JobBatch Batch, Task<object> Reply)>();
        (JobBatch Batch, CommandRejected Rejected, int AcceptedBefore)? refusal = null;
        var acceptedAfter = 0;

        async Task ReceiveOldest()
        {
            var (batch, pending) = inFlight.Dequeue();
            object reply;
            try
            {
                reply = await pending;
            }
            catch (AskTimeoutException)
            {
                // Whether the host stored this batch is unknown; say so rather than report "no host".
                reply = new CommandRejected(RejectionKind.WrongState,
                    $"no answer within {BatchTimeout.TotalSeconds:0} s, so these jobs may or may not be enqueued");
            }
            switch (reply)
            {
                case JobsAccepted ok when refusal is null:
                    acceptedCount += ok.Count;
                    if (keepJobs)
                    {
                        accepted.AddRange(ok.Jobs);
                    }
                    break;
                case JobsAccepted ok:
                    acceptedAfter += ok.Count;
                    break;
                case CommandRejected rejected when refusal is null:
                    refusal = (batch, rejected, acceptedCount);
                    break;
                case CommandRejected:
                    break;
                default:
                    refusal ??= (batch, new CommandRejected(RejectionKind.ProtocolMismatch,
                        $"the host answered EnqueueJobs with {reply.GetType().Name}"), acceptedCount);
                    break;
            }
        }

        foreach (var batch in JobBatches.Split(jobs))
        {
            if (inFlight.Count == MaxInFlight)
            {
                await ReceiveOldest();
            }
            if (refusal is not null)
            {
                break;
            }
            inFlight.Enqueue((batch, client.AskAsync(new EnqueueJobs(batch.Jobs, ReplyWithJobs: keepJobs), BatchTimeout, cancellation)));
        }
        while (inFlight.Count > 0)
        {
            await ReceiveOldest();
        }

        return refusal is { } refused
            ? Refused(refused.Batch, refused.Rejected, refused.AcceptedBefore, acceptedAfter, jobs.Count)
            : Success(cli, parse, json, accepted, acceptedCount);
    }

    private static CliOutcome Success(CliContext cli, ParseResult parse, bool json, List<Job> accepted, int count)
    {
        if (count == 1 || !json)
        {
            return count == 1
                ? cli.Render(parse, new JobsAccepted(1, [accepted[0]]))
                : CliOutcome.Text(ReplyRenderer.EnqueuedText(count, single: null));
        }
        // Many jobs as one JSON array, written a job at a time rather than built as one string.
        var output = cli.Console.Out;
        output.Write('[');
        for (var i = 0; i < accepted.Count; i++)
        {
            if (i > 0)
            {
                output.Write(',');
            }
            output.Write(JsonOutput.Job(accepted[i]));
        }
        output.Write("]\n");
        return CliOutcome.Done;
    }

    private static CliOutcome Refused(JobBatch batch, CommandRejected rejected, int before, int after, int total)
    {
        var single = total == 1;
        if (single)
        {
            return ReplyRenderer.Rejected(rejected);
        }
        var range = $"jobs {batch.First + 1}-{batch.First + batch.Jobs.Length} of {total}";
        var enqueued = before == 0 && after == 0
            ? "no job was enqueued"
            : after == 0
                ? $"{before} jobs (1-{before}) were enqueued before them"
                : $"{before} jobs were enqueued before them and {after} from batches already sent after them";
        return CliOutcome.Error(
            ReplyRenderer.ExitCodeOf(rejected.Kind),
            $"the host did not accept {range}: {rejected.Reason}; {enqueued}",
            "fix the input and enqueue the jobs that are missing (see `queuectl list`)");
    }
}
