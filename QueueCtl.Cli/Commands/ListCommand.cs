using System.CommandLine;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;

namespace QueueCtl.Cli.Commands;

/// <summary><c>queuectl list [--state S] [--limit N]</c> → <see cref="ListJobs"/> → <see cref="JobList"/>.</summary>
internal static class ListCommand
{
    public static Command Create(CliContext cli)
    {
        var state = new Option<string?>("--state", "-s")
        {
            Description = $"Only jobs in this state: {StateNames}",
            HelpName = "STATE",
        };
        state.CompletionSources.Add([.. Enum.GetValues<JobState>().Select(s => s.ToWire())]);
        var limit = ListLimit.CreateOption();
        var command = new Command("list", "List jobs, newest first") { state, limit };
        cli.SetAction(command, (parse, cancellation) =>
        {
            var (request, problem) = ToRequest(parse.GetValue(state), parse.GetValue(limit));
            return problem is not null ? Task.FromResult(problem) : cli.RequestAsync(parse, request!, cancellation);
        });
        return command;
    }

    public static string StateNames => string.Join(", ", Enum.GetValues<JobState>().Select(s => s.ToWire()));

    public static (ListJobs? Request, CliOutcome? Problem) ToRequest(string? state, int limit)
    {
        if (ListLimit.Problem(limit) is { } limitProblem)
        {
            return (null, limitProblem);
        }
        if (state is null)
        {
            return (new ListJobs(null, limit), null);
        }
        return JobStateNames.TryParse(state.Trim(), out var parsed)
            ? (new ListJobs(parsed, limit), null)
            : (null, CliOutcome.Usage($"unknown state '{state}'", $"use one of: {StateNames}"));
    }
}
