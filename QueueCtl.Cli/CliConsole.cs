using System.Text;

namespace QueueCtl.Cli;

/// <summary>Standard streams of one CLI run; tests pass string writers and a memory stream.</summary>
internal sealed record CliConsole(TextWriter Out, TextWriter Error, Func<Stream> OpenStandardInput)
{
    /// <summary>
    /// The process's streams. Stdout is buffered (Console.Out flushes on every write, which makes a 100,000-job
    /// <c>--json</c> answer crawl) and flushed by <see cref="CliOutcome.WriteTo"/>, by streaming commands, and at exit.
    /// </summary>
    public static CliConsole System() => new(
        new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024),
        Console.Error,
        Console.OpenStandardInput);
}
