namespace QueueCtl.Cli.Input;

/// <summary>Why local input was refused (exit 2), in the two halves of every CLI error: what, and how to fix it.</summary>
internal sealed record InputProblem(string What, string Fix)
{
    public CliOutcome ToOutcome() => CliOutcome.Usage(What, Fix);

    public InputProblem At(string where) => this with { What = $"{where}: {What}" };
}
