using System.CommandLine;
using QueueCtl.Actors.Protocol;

namespace QueueCtl.Cli.Commands;

/// <summary><c>queuectl metrics</c> → <see cref="GetMetrics"/> → <see cref="MetricsView"/>.</summary>
internal static class MetricsCommand
{
    public static Command Create(CliContext cli)
    {
        var command = new Command("metrics",
            "Show throughput over the last 1 and 5 minutes and since the host started, run time, queue wait and journal " +
            "write percentiles, jobs per state, workers, and the host's uptime, CPU and memory");
        cli.SetAction(command, (parse, cancellation) => cli.RequestAsync(parse, GetMetrics.Instance, cancellation));
        return command;
    }
}
