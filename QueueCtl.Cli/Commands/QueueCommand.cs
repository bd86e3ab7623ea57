using System.CommandLine;
using QueueCtl.Actors.Protocol;

namespace QueueCtl.Cli.Commands;

/// <summary>
/// <c>queuectl queue list|pause|resume</c>: named queues. <c>list</c> → <see cref="ListQueues"/>; <c>pause NAME</c> →
/// <see cref="PauseQueue"/> and <c>resume NAME</c> → <see cref="ResumeQueue"/>, each answered with that queue.
/// </summary>
internal static class QueueCommand
{
    public static Command Create(CliContext cli)
    {
        var list = new Command("list", "Every queue with its jobs by state, its workers, and whether it is paused");
        cli.SetAction(list, (parse, cancellation) => cli.RequestAsync(parse, ListQueues.Instance, cancellation));
        return new Command("queue", "Named queues: each has its own workers (`worker start --queue NAME`) and can be paused")
        {
            list,
            Pausing(cli, "pause", "Start no new job of the queue until it is resumed; running jobs finish (remembered across restarts)",
                name => new PauseQueue(name)),
            Pausing(cli, "resume", "Start the queue's jobs again", name => new ResumeQueue(name)),
        };
    }

    private static Command Pausing(CliContext cli, string verb, string description, Func<string, IQueueCtlMessage> request)
    {
        var name = new Argument<string>("NAME") { Description = "The queue" };
        var command = new Command(verb, description) { name };
        cli.SetAction(command, (parse, cancellation) =>
        {
            var queue = parse.GetValue(name)!;
            return QueueNameOption.Problem(queue) is { } problem
                ? Task.FromResult(problem)
                : cli.RequestAsync(parse, request(queue), cancellation);
        });
        return command;
    }
}
