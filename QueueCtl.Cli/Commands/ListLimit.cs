using System.CommandLine;

namespace QueueCtl.Cli.Commands;

/// <summary>The <c>--limit</c> of <c>list</c> and <c>dlq list</c>: bounded so one reply fits the remoting frame.</summary>
internal static class ListLimit
{
    public const int Default = 50;
    public const int Max = 10_000;

    public static Option<int> CreateOption() => new("--limit", "-n")
    {
        Description = $"Show at most N jobs (1-{Max})",
        HelpName = "N",
        DefaultValueFactory = _ => Default,
        CustomParser = result => WholeNumbers.Parse(result, "--limit") ?? Default,
    };

    public static CliOutcome? Problem(int limit) =>
        limit is < 1 or > Max
            ? CliOutcome.Usage($"--limit {limit} is out of range", $"use a number from 1 to {Max}")
            : null;
}
