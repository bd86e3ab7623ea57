using System.CommandLine;
using System.CommandLine.Completions;
using System.Globalization;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Hosting;
using QueueCtl.Actors.Protocol;
using QueueCtl.Cli.Commands;

namespace QueueCtl.Cli.Completion;

/// <summary>
/// Job ids for the ID of <c>show</c>, <c>logs</c>, <c>wait</c> and <c>dlq retry</c>, asked of the host with
/// <see cref="ListJobs"/> (the newest <see cref="Limit"/> jobs; dead ones for <c>dlq retry</c>). Only when a host
/// already runs: a local address whose port is free means no host, found by binding the port (no connection, no actor
/// system, microseconds). Otherwise one ordinary call, about 0.1 s with the NativeAOT CLI, bounded by
/// <see cref="Budget"/> (1 s, or <c>QUEUECTL_COMPLETION_TIMEOUT</c> seconds). Any failure (no certificate, a refusal, a timeout) offers no ids and prints nothing.
/// </summary>
internal static class JobIdCompletions
{
    /// <summary>Enough for the jobs one is likely to name; the reply stays small (a job is about 750 bytes).</summary>
    public const int Limit = 200;

    /// <summary>
    /// Seconds a completion may wait for the host, instead of <see cref="DefaultBudget"/>: for a JIT-compiled CLI (0.5 s
    /// or more per call) or a slow machine, and for tests that run on one.
    /// </summary>
    public const string BudgetEnvironmentVariable = "QUEUECTL_COMPLETION_TIMEOUT";

    /// <summary>The most a completion waits for the host by default: a hung host must not hang the user's shell.</summary>
    public static readonly TimeSpan DefaultBudget = TimeSpan.FromSeconds(1);

    /// <summary>Adds the host's job ids (those in <paramref name="state"/>, if given) to <paramref name="argument"/>'s completions.</summary>
    public static TArgument WithJobIds<TArgument>(this TArgument argument, CliContext cli, JobState? state = null)
        where TArgument : Argument
    {
        argument.CompletionSources.Add(context => Fetch(cli, context, state));
        return argument;
    }

    /// <summary>The same for an option that names jobs (<c>enqueue --after</c>).</summary>
    public static Option<T> WithJobIds<T>(this Option<T> option, CliContext cli, JobState? state = null)
    {
        option.CompletionSources.Add(context => Fetch(cli, context, state));
        return option;
    }

    private static IEnumerable<string> Fetch(CliContext cli, CompletionContext context, JobState? state)
    {
        try
        {
            var (address, problem) = cli.ResolveHost(context.ParseResult);
            if (problem is not null || address!.IsLoopback && PortCheck.Problem(address) is null)
            {
                return [];
            }
            var budget = Budget();
            var fetch = FetchAsync(address, new ListJobs(state, Limit), budget);
            return fetch.Wait(budget) ? fetch.Result : [];
        }
        catch (Exception)
        {
            // A completion offers what it can and never fails in the user's terminal; the command itself reports errors.
            return [];
        }
    }

    public static TimeSpan Budget() =>
        double.TryParse(Environment.GetEnvironmentVariable(BudgetEnvironmentVariable), NumberStyles.Float, CultureInfo.InvariantCulture,
            out var seconds) && seconds is > 0 and <= 3600
            ? TimeSpan.FromSeconds(seconds)
            : DefaultBudget;

    private static async Task<IReadOnlyList<string>> FetchAsync(HostAddress address, ListJobs request, TimeSpan budget)
    {
        using var deadline = new CancellationTokenSource(budget);
        IReadOnlyList<string> ids = [];
        await QueueClient.RunAsync(address, async (client, token) =>
        {
            if (await client.AskAsync(request, budget, token) is JobList list)
            {
                ids = [.. list.Jobs.Select(job => job.Id)];
            }
            return CliOutcome.Done;
        }, deadline.Token, handshakeTimeout: budget);
        return ids;
    }
}
