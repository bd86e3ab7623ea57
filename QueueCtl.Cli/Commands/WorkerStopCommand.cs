using System.CommandLine;
using QueueCtl.Actors.Protocol;

namespace QueueCtl.Cli.Commands;

/// <summary><c>queuectl worker stop [--wait]</c> → <see cref="StopWorkers"/> → <see cref="WorkersView"/>: running jobs finish, no new job starts.</summary>
internal static class WorkerStopCommand
{
    public static Command Create(CliContext cli)
    {
        var wait = new Option<bool>("--wait") { Description = "Return only once the running jobs have finished" };
        var command = new Command("stop", "Stop taking jobs; running jobs finish") { wait };
        cli.SetAction(command, (parse, cancellation) =>
        {
            var waiting = parse.GetValue(wait);
            // With --wait the reply comes when the last running job ends, which may take as long as the job does.
            return cli.RequestAsync(parse, new StopWorkers(waiting), cancellation, unbounded: waiting);
        });
        return command;
    }
}
