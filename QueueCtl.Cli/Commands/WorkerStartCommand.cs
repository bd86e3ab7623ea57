using System.CommandLine;
using QueueCtl.Actors.Protocol;

namespace QueueCtl.Cli.Commands;

/// <summary>
/// <c>queuectl worker start [--queue NAME] [--count N]</c> → <see cref="StartWorkers"/> → <see cref="WorkersView"/>; again with
/// another N resizes that queue's pool.
/// </summary>
internal static class WorkerStartCommand
{
    public static Command Create(CliContext cli)
    {
        var count = new Option<int>("--count", "-c")
        {
            Description = "How many jobs may run at once",
            HelpName = "N",
            DefaultValueFactory = _ => 1,
            CustomParser = result => WholeNumbers.Parse(result, "--count") ?? 1,
        };
        var queue = QueueNameOption.Create("The queue whose jobs they run [default: the default queue]");
        var command = new Command("start", "Run N workers (default 1) for a queue; run it again with another N to resize its pool") { count, queue };
        cli.SetAction(command, (parse, cancellation) =>
        {
            var n = parse.GetValue(count);
            var name = parse.GetValue(queue);
            if (QueueNameOption.Problem(name) is { } problem)
            {
                return Task.FromResult(problem);
            }
            return n < 1
                ? Task.FromResult(CliOutcome.Usage($"--count {n} is not a number of workers",
                    "give --count 1 or more; to stop taking jobs use `queuectl worker stop`"))
                : cli.RequestAsync(parse, new StartWorkers(n, name), cancellation);
        });
        return command;
    }
}
