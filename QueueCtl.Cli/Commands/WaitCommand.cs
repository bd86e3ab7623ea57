using System.Collections.Immutable;
using System.CommandLine;
using QueueCtl.Actors.Protocol;

namespace QueueCtl.Cli.Commands;

/// <summary>
/// <c>queuectl wait ID...</c> → <see cref="WaitForJobs"/> → <see cref="JobsFinished"/>, which the host sends only once
/// every job is completed or dead; so no timeout, but the wait ends if the host goes away. Exit 0 when all
/// completed, 4 when any ended dead.
/// </summary>
internal static class WaitCommand
{
    public static Command Create(CliContext cli)
    {
        var ids = new Argument<string[]>("ID")
        {
            Description = "The jobs to wait for",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("wait", "Block until the jobs are finished; exit 0 if all completed, 4 if any ended dead") { ids };
        cli.SetAction(command, (parse, cancellation) =>
        {
            var (request, problem) = ToRequest(parse.GetValue(ids) ?? []);
            return problem is not null
                ? Task.FromResult(problem)
                : cli.RequestAsync(parse, request!, cancellation, unbounded: true);
        });
        return command;
    }

    public static (WaitForJobs? Request, CliOutcome? Problem) ToRequest(IReadOnlyList<string> ids)
    {
        if (ids.Count == 0)
        {
            return (null, CliOutcome.Usage("no job to wait for", "give one or more job ids"));
        }
        foreach (var id in ids)
        {
            if (JobIdArgument.Problem(id) is { } problem)
            {
                return (null, problem);
            }
        }
        return (new WaitForJobs(ids.Distinct(StringComparer.Ordinal).ToImmutableArray()), null);
    }
}
