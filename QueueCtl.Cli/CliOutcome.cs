namespace QueueCtl.Cli;

/// <summary>
/// What a command prints and how it exits. Commands return one instead of writing to the console,
/// so parse and render logic is testable without a host or a terminal.
/// </summary>
internal sealed record CliOutcome(int ExitCode, string Stdout = "", string Stderr = "")
{
    public static readonly CliOutcome Done = new(ExitCodes.Ok);

    public static CliOutcome Text(string stdout) => new(ExitCodes.Ok, stdout);

    /// <summary>An error in the house format: <c>queuectl: what was wrong; how to fix it</c>.</summary>
    public static CliOutcome Error(int exitCode, string what, string fix) =>
        new(exitCode, Stderr: $"queuectl: {what}; {fix}");

    public static CliOutcome Usage(string what, string fix) => Error(ExitCodes.Usage, what, fix);

    /// <summary>Writes stdout and stderr, each ending in a newline, and returns the exit code.</summary>
    public int WriteTo(CliConsole console)
    {
        WriteLine(console.Out, Stdout);
        console.Out.Flush();
        WriteLine(console.Error, Stderr);
        return ExitCode;
    }

    private static void WriteLine(TextWriter writer, string text)
    {
        if (text.Length == 0)
        {
            return;
        }
        writer.Write(text);
        if (!text.EndsWith('\n'))
        {
            writer.Write('\n');
        }
    }
}
