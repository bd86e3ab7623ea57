using System.Collections.Immutable;
using System.CommandLine;
using QueueCtl.Cli.Input;

namespace QueueCtl.Cli.Commands;

/// <summary>The ID argument of <c>show</c>, <c>logs</c>, <c>dlq retry</c> and <c>wait</c>, checked before the host is asked.</summary>
internal static class JobIdArgument
{
    public static Argument<string> Create(string description) => new("ID") { Description = description };

    /// <summary>
    /// The ids of a command that names several jobs (<c>wait</c>, <c>cancel</c>), each once in the order given, or the usage
    /// error for none (<paramref name="none"/> says what is missing) or for the first malformed one.
    /// </summary>
    public static (ImmutableArray<string> Ids, CliOutcome? Problem) Many(IReadOnlyList<string> ids, string none)
    {
        if (ids.Count == 0)
        {
            return ([], CliOutcome.Usage(none, "give one or more job ids"));
        }
        return ids.Select(Problem).FirstOrDefault(p => p is not null) is { } problem
            ? ([], problem)
            : (ids.Distinct(StringComparer.Ordinal).ToImmutableArray(), null);
    }

    public static CliOutcome? Problem(string? id) => JobObjectParser.IdProblem(id ?? "") is { } problem
        ? CliOutcome.Usage(problem.What, "give the id of a job as `queuectl list` shows it")
        : null;
}
