using System.Text.Json;

namespace QueueCtl.Tests.EndToEnd.Support;

/// <summary>How one run of the real <c>queuectl</c> ended. <see cref="ToString"/> is the whole run, for assertion messages.</summary>
internal sealed record CliResult(IReadOnlyList<string> Arguments, int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed)
{
    /// <summary>Stdout parsed as JSON (the run must have used <c>--json</c>).</summary>
    public JsonElement Json()
    {
        try
        {
            using var document = JsonDocument.Parse(Stdout);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new Xunit.Sdk.XunitException($"stdout is not JSON ({e.Message}) in:\n{this}");
        }
    }

    /// <summary>Fails unless the run exited with <paramref name="expected"/>.</summary>
    public CliResult Exited(int expected)
    {
        Assert.True(ExitCode == expected, $"expected exit code {expected}, got {ExitCode} from:\n{this}");
        return this;
    }

    public CliResult Succeeded() => Exited(0);

    public override string ToString() =>
        $"$ queuectl {string.Join(' ', Arguments.Select(Quote))}\n" +
        $"exit code {ExitCode} after {Elapsed.TotalSeconds:0.0} s\n" +
        $"--- stdout ---\n{Shorten(Stdout)}\n--- stderr ---\n{Shorten(Stderr)}";

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or ':' or '@' or '=')
            ? argument
            : "'" + argument.Replace("'", "'\\''") + "'";

    private static string Shorten(string text) => text.Length <= 4000 ? text : text[..4000] + $"... ({text.Length} chars)";
}
