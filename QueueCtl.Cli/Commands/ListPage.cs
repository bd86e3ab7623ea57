using System.CommandLine;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;

namespace QueueCtl.Cli.Commands;

/// <summary>
/// The options <c>list</c> and <c>dlq list</c> share beside <c>--limit</c>: which page (<c>--offset</c>), in which order
/// (<c>--sort</c>) and which commands (<c>--grep</c>), checked before the host is asked.
/// </summary>
internal sealed class ListPage
{
    /// <summary>The <c>--sort</c> names, in the order help lists them; the first is the default.</summary>
    public static readonly IReadOnlyList<(string Name, JobOrder Order)> Orders =
    [
        ("newest", JobOrder.Newest),
        ("created", JobOrder.Created),
        ("updated", JobOrder.Updated),
        ("priority", JobOrder.Priority),
    ];

    public static string OrderNames => string.Join(", ", Orders.Select(o => o.Name));

    public Option<int> Limit { get; } = ListLimit.CreateOption();

    public Option<int> Offset { get; } = new("--offset")
    {
        Description = "Skip the first N jobs of the order, for the next page (0 or more)",
        HelpName = "N",
        DefaultValueFactory = _ => 0,
        CustomParser = result => WholeNumbers.Parse(result, "--offset") ?? 0,
    };

    public Option<string?> Sort { get; } = new("--sort")
    {
        Description = "newest (the default) or updated: the latest first; created: enqueue order, the oldest first, so pages " +
                      "stay put while jobs are added (page with --offset); priority: the order workers take them",
        HelpName = "ORDER",
    };

    public Option<string?> Grep { get; } = new("--grep")
    {
        Description = "Only jobs whose command contains TEXT (exact case)",
        HelpName = "TEXT",
    };

    public ListPage() => Sort.CompletionSources.Add([.. Orders.Select(o => o.Name)]);

    public void AddTo(Command command)
    {
        command.Add(Limit);
        command.Add(Offset);
        command.Add(Sort);
        command.Add(Grep);
    }

    /// <summary>The request for <paramref name="state"/> from what <paramref name="parse"/> holds, or why it is refused.</summary>
    public (ListJobs? Request, CliOutcome? Problem) ToRequest(ParseResult parse, JobState? state) =>
        ToRequest(state, parse.GetValue(Limit), parse.GetValue(Offset), parse.GetValue(Sort), parse.GetValue(Grep));

    public static (ListJobs? Request, CliOutcome? Problem) ToRequest(JobState? state, int limit, int offset, string? sort, string? grep)
    {
        if (ListLimit.Problem(limit) is { } limitProblem)
        {
            return (null, limitProblem);
        }
        if (offset < 0)
        {
            return (null, CliOutcome.Usage($"--offset {offset} is out of range", "use 0 for the first page, or the number of jobs to skip"));
        }
        var order = JobOrder.Newest;
        if (sort is not null)
        {
            var named = Orders.Where(o => string.Equals(o.Name, sort.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
            if (named.Count == 0)
            {
                return (null, CliOutcome.Usage($"unknown order '{sort}'", $"use --sort with one of: {OrderNames}"));
            }
            order = named[0].Order;
        }
        if (grep is { Length: 0 })
        {
            return (null, CliOutcome.Usage("--grep is empty", "give text the commands contain, or leave --grep out for every job"));
        }
        return (new ListJobs(state, limit, offset, order, grep), null);
    }
}
