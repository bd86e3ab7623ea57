using System.CommandLine;
using System.CommandLine.Completions;
using QueueCtl.Actors.Hosting;
using QueueCtl.Actors.Protocol;
using QueueCtl.Cli.Commands;

namespace QueueCtl.Cli.Completion;

/// <summary>
/// Schedule names for <c>schedule remove NAME</c>, asked of the host with <see cref="ListSchedules"/> under the same
/// rules as <see cref="JobIdCompletions"/>: only when a host already runs, within its budget, and silent on any failure.
/// </summary>
internal static class ScheduleNameCompletions
{
    public static TArgument WithScheduleNames<TArgument>(this TArgument argument, CliContext cli)
        where TArgument : Argument
    {
        argument.CompletionSources.Add(context => Fetch(cli, context));
        return argument;
    }

    private static IEnumerable<string> Fetch(CliContext cli, CompletionContext context)
    {
        try
        {
            var (address, problem) = cli.ResolveHost(context.ParseResult);
            if (problem is not null || address!.IsLoopback && PortCheck.Problem(address) is null)
            {
                return [];
            }
            var budget = JobIdCompletions.Budget();
            var fetch = FetchAsync(address, budget);
            return fetch.Wait(budget) ? fetch.Result : [];
        }
        catch (Exception)
        {
            return []; // a completion never fails in the user's terminal
        }
    }

    private static async Task<IReadOnlyList<string>> FetchAsync(HostAddress address, TimeSpan budget)
    {
        using var deadline = new CancellationTokenSource(budget);
        IReadOnlyList<string> names = [];
        await QueueClient.RunAsync(address, async (client, token) =>
        {
            if (await client.AskAsync(ListSchedules.Instance, budget, token) is ScheduleList list)
            {
                names = [.. list.Schedules.Select(schedule => schedule.Name)];
            }
            return CliOutcome.Done;
        }, deadline.Token, handshakeTimeout: budget);
        return names;
    }
}
