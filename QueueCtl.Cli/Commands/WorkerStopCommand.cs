using System.CommandLine;
using QueueCtl.Actors.Protocol;

namespace QueueCtl.Cli.Commands;

/// <summary>
/// <c>queuectl worker stop [--queue NAME] [--wait]</c> → <see cref="StopWorkers"/> → <see cref="WorkersView"/>: running jobs
/// finish, no new job starts; in every queue, or in the one named.
/// </summary>
internal static class WorkerStopCommand
{
    public static Command Create(CliContext cli)
    {
        var wait = new Option<bool>("--wait") { Description = "Return only once the running jobs have finished" };
        var queue = QueueNameOption.Create("Stop only this queue's workers [default: every queue's]");
        var command = new Command("stop", "Stop taking jobs; running jobs finish") { wait, queue };
        cli.SetAction(command, (parse, cancellation) =>
        {
            var waiting = parse.GetValue(wait);
            var name = parse.GetValue(queue);
            // With --wait the reply comes when the last running job ends, which may take as long as the job does.
            return QueueNameOption.Problem(name) is { } problem
                ? Task.FromResult(problem)
                : cli.RequestAsync(parse, new StopWorkers(waiting, name), cancellation, unbounded: waiting);
        });
        return command;
    }
}
