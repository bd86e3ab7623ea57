using System.CommandLine;

namespace QueueCtl.Cli.Commands;

/// <summary>
/// The <c>--attempt N</c> of <c>logs</c>: the Nth run of the job's command, from 1, counted across <c>dlq retry</c> (see
/// README, "Output of one attempt"). Whether the job has that many runs is the host's to say.
/// </summary>
internal static class AttemptOption
{
    public static Option<int?> Create() => new("--attempt")
    {
        Description = "Print only the output of the Nth run of the job (1 = the first; counted across dlq retry)",
        HelpName = "N",
        CustomParser = result => WholeNumbers.Parse(result, "--attempt"),
    };

    /// <summary>Why <paramref name="attempt"/> cannot be asked for with these options, or null.</summary>
    public static CliOutcome? Problem(int? attempt, bool follow) => attempt switch
    {
        null => null,
        < 1 => CliOutcome.Usage($"--attempt {attempt} does not name an attempt", "attempts count from 1, the job's first run"),
        _ when follow => CliOutcome.Usage("--attempt cannot be combined with --follow",
            "follow the job's output as it is written with `queuectl logs ID --follow`, or print one finished attempt with --attempt N"),
        _ => null,
    };
}
