using System.CommandLine;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;
using QueueCtl.Cli.Output;

namespace QueueCtl.Cli.Commands;

/// <summary>
/// <c>queuectl list [--state S] [--limit N] [--offset N] [--sort ORDER] [--grep TEXT]</c> → <see cref="ListJobs"/> →
/// <see cref="JobList"/>, shown as the page from its offset.
/// </summary>
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
        var page = new ListPage();
        var command = new Command("list", "List jobs, newest first unless --sort says otherwise") { state };
        page.AddTo(command);
        cli.SetAction(command, (parse, cancellation) =>
        {
            var (request, problem) = ToRequest(parse.GetValue(state), parse.GetValue(page.Limit), parse.GetValue(page.Offset),
                parse.GetValue(page.Sort), parse.GetValue(page.Grep));
            return problem is not null
                ? Task.FromResult(problem)
                : cli.RequestAsync(parse, request!, cancellation, view: reply => reply is JobList list ? new JobPage(list, request!.Offset) : reply);
        });
        return command;
    }

    public static string StateNames => string.Join(", ", Enum.GetValues<JobState>().Select(s => s.ToWire()));

    public static (ListJobs? Request, CliOutcome? Problem) ToRequest(
        string? state, int limit, int offset = 0, string? sort = null, string? grep = null)
    {
        JobState? parsed = null;
        if (state is not null)
        {
            if (!JobStateNames.TryParse(state.Trim(), out var named))
            {
                return (null, CliOutcome.Usage($"unknown state '{state}'", $"use one of: {StateNames}"));
            }
            parsed = named;
        }
        return ListPage.ToRequest(parsed, limit, offset, sort, grep);
    }
}
