namespace QueueCtl.Cli;

/// <summary>Standard streams of one CLI run; tests pass string writers and a memory stream.</summary>
internal sealed record CliConsole(TextWriter Out, TextWriter Error, Func<Stream> OpenStandardInput)
{
    public static CliConsole System() => new(Console.Out, Console.Error, Console.OpenStandardInput);
}
