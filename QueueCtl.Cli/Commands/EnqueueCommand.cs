using System.CommandLine;
using QueueCtl.Actors.Domain;
using QueueCtl.Cli.Completion;
using QueueCtl.Cli.Input;

namespace QueueCtl.Cli.Commands;

/// <summary>
/// <c>queuectl enqueue</c> in all its forms → <see cref="QueueCtl.Actors.Protocol.EnqueueJobs"/> batches →
/// <see cref="QueueCtl.Actors.Protocol.JobsAccepted"/>. All input is read and checked before the host is contacted.
/// </summary>
internal static class EnqueueCommand
{
    public static Command Create(CliContext cli)
    {
        var job = new Argument<string[]>("JOB")
        {
            Description = "A shell command (\"echo hi\"), a JSON job " +
                          "('{\"id\":\"job1\",\"command\":\"echo hi\",\"max_retries\":3,\"priority\":5,\"run_at\":\"2026-12-01T10:00:00Z\",\"timeout_seconds\":90}'), " +
                          "an array of them, @FILE, or - to read JSON or JSON Lines from stdin",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var file = new Option<string?>("--file", "-f")
        {
            Description = "Read jobs from FILE: one JSON object, a JSON array, or JSON Lines",
            HelpName = "FILE",
        };
        var id = new Option<string?>("--id") { Description = "Id of a plain-command job [default: a generated UUID]", HelpName = "ID" };
        var maxRetries = new Option<int?>("--max-retries")
        {
            Description = "Retries after the first run of a plain-command job [default: config max-retries]",
            HelpName = "N",
            CustomParser = result => WholeNumbers.Parse(result, "--max-retries"),
        };
        var priority = new Option<int?>("--priority")
        {
            Description = $"Higher runs first, from {JobPriority.Min} to {JobPriority.Max}; equal priorities in enqueue order [default: 0]",
            HelpName = "N",
            CustomParser = result => WholeNumbers.Parse(result, "--priority"),
        };
        var delay = new Option<string?>("--delay")
        {
            Description = "Start no earlier than this long from now: 90s, 5m, 2h, 1d, or several (1h30m)",
            HelpName = "DURATION",
        };
        var runAt = new Option<string?>("--run-at")
        {
            Description = "Start no earlier than this time: ISO 8601 with a UTC offset, e.g. 2026-12-01T10:00:00Z (a past time: now)",
            HelpName = "TIME",
        };
        var timeout = new Option<string?>("--timeout")
        {
            Description = "Kill the run's whole process group (SIGTERM, then SIGKILL) when it takes longer: 90s, 5m, 2h [default: config job-timeout-seconds]",
            HelpName = "DURATION",
        };
        var after = new Option<string[]>("--after")
        {
            Description = "Start only once job ID is completed; repeat for several (if one ends dead, this job goes to the DLQ too)",
            HelpName = "ID",
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
        }.WithJobIds(cli);

        var queue = QueueNameOption.Create("The queue of a plain-command job; its workers run it (`worker start --queue NAME`) [default: default]");
        var command = new Command("enqueue", "Add jobs to the queue") { job, file, id, maxRetries, priority, delay, runAt, timeout, after, queue };
        cli.SetAction(command, async (parse, cancellation) =>
        {
            var (source, sourceProblem) = EnqueueSource.Choose(parse.GetValue(job) ?? [], parse.GetValue(file));
            if (sourceProblem is not null)
            {
                return sourceProblem.ToOutcome();
            }
            var (options, optionsProblem) = PlainJobOptions.From(parse.GetValue(id), parse.GetValue(maxRetries),
                parse.GetValue(priority), parse.GetValue(delay), parse.GetValue(runAt), cli.Now,
                parse.GetValue(timeout), parse.GetValue(after), parse.GetValue(queue));
            if (optionsProblem is not null)
            {
                return optionsProblem.ToOutcome();
            }
            if (QueueNameOption.Problem(options!.Queue) is { } queueProblem)
            {
                return queueProblem;
            }
            var (jobs, inputProblem) = EnqueueInput.Read(source!, options!, cli.Console.OpenStandardInput);
            if (inputProblem is not null)
            {
                return inputProblem.ToOutcome();
            }
            return await cli.WithClientAsync(parse, (client, token) => EnqueueSender.SendAsync(cli, parse, client, jobs, token), cancellation);
        });
        return command;
    }
}
