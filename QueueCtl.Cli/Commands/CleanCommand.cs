using System.CommandLine;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;

namespace QueueCtl.Cli.Commands;

/// <summary>
/// <c>queuectl clean [--state completed|dead] [--older-than AGE] [--all]</c> → <see cref="CleanJobs"/> → <see cref="JobsCleaned"/>.
/// Forgetting cannot be undone, so a bare <c>clean</c> is refused: the user says which finished jobs, or <c>--all</c> of them.
/// </summary>
internal static class CleanCommand
{
    private static readonly JobState[] Finished = [JobState.Completed, JobState.Dead];

    private static readonly DurationText.Use OlderThan = new("--older-than", "how long ago the jobs finished",
        "leave --older-than out to forget them however recently they finished", QueueSettings.KeepForLimit,
        $"give at most {QueueSettings.KeepForLimit.TotalDays:0}d, or leave --older-than out for every age");

    private static string FinishedNames => string.Join(" or ", Finished.Select(s => s.ToWire()));

    public static Command Create(CliContext cli)
    {
        var state = new Option<string?>("--state", "-s")
        {
            Description = $"Only jobs in this state: {FinishedNames} [default: both]",
            HelpName = "STATE",
        };
        state.CompletionSources.Add([.. Finished.Select(s => s.ToWire())]);
        var olderThan = new Option<string?>("--older-than")
        {
            Description = "Only jobs that finished more than AGE ago, e.g. 90s, 12h, 7d or 1h30m",
            HelpName = "AGE",
        };
        var all = new Option<bool>("--all") { Description = "Every finished job, completed and dead" };
        var command = new Command("clean",
            "Forget finished jobs and their logs (retention does this by age and count on its own: see keep-* in `queuectl config show`); " +
            "jobs others depend on or a client waits for are kept")
        {
            state, olderThan, all,
        };
        cli.SetAction(command, (parse, cancellation) =>
        {
            var (request, problem) = ToRequest(parse.GetValue(state), parse.GetValue(olderThan), parse.GetValue(all));
            return problem is not null ? Task.FromResult(problem) : cli.RequestAsync(parse, request!, cancellation);
        });
        return command;
    }

    public static (CleanJobs? Request, CliOutcome? Problem) ToRequest(string? state, string? olderThan, bool all)
    {
        if (all)
        {
            return state is null && olderThan is null
                ? (new CleanJobs(null, null), null)
                : (null, CliOutcome.Usage("--all already means every finished job, so it takes no --state or --older-than",
                    "give --all alone, or --state and/or --older-than without it"));
        }
        if (state is null && olderThan is null)
        {
            return (null, CliOutcome.Usage("clean needs --state, --older-than or --all",
                "for example `queuectl clean --state completed --older-than 7d`, or `queuectl clean --all` to forget every finished job"));
        }
        JobState? parsedState = null;
        if (state is not null)
        {
            if (!JobStateNames.TryParse(state.Trim(), out var named) || !named.IsFinished())
            {
                return (null, CliOutcome.Usage($"clean --state '{state}' is not a finished state",
                    $"use {FinishedNames}: pending, processing and failed jobs are still in the queue (cancel them first)"));
            }
            parsedState = named;
        }
        long? seconds = null;
        if (olderThan is not null)
        {
            var (age, problem) = DurationText.Parse(olderThan, OlderThan);
            if (problem is { } p)
            {
                return (null, CliOutcome.Usage(p.What, p.Fix));
            }
            seconds = (long)age!.Value.TotalSeconds;
        }
        return (new CleanJobs(parsedState, seconds), null);
    }
}
