using System.CommandLine;
using QueueCtl.Cli.Input;

namespace QueueCtl.Cli.Commands;

/// <summary>The ID argument of <c>show</c>, <c>logs</c>, <c>dlq retry</c> and <c>wait</c>, checked before the host is asked.</summary>
internal static class JobIdArgument
{
    public static Argument<string> Create(string description) => new("ID") { Description = description };

    public static CliOutcome? Problem(string? id) => JobObjectParser.IdProblem(id ?? "") is { } problem
        ? CliOutcome.Usage(problem.What, "give the id of a job as `queuectl list` shows it")
        : null;
}
