using System.CommandLine.Parsing;
using System.Globalization;

namespace QueueCtl.Cli.Commands;

/// <summary>
/// The parser of every whole-number option (<c>--max-retries</c>, <c>--count</c>, <c>--limit</c>): a value that is not
/// one is refused naming the option and the value, where System.CommandLine would name a .NET type
/// (<c>System.Nullable`1[System.Int32]</c>). Ranges are checked by each command, which knows them.
/// </summary>
internal static class WholeNumbers
{
    /// <summary>A <c>CustomParser</c>: the option's value, or null with a parse error that names option and value.</summary>
    public static int? Parse(ArgumentResult result, string name)
    {
        if (result.Tokens.Count == 0)
        {
            return null;
        }
        var (value, problem) = Parse(result.Tokens[^1].Value, name);
        if (problem is not null)
        {
            result.AddError(problem);
        }
        return value;
    }

    /// <summary>The value of <paramref name="text"/>, or null with the reason it is not a whole number that fits an int.</summary>
    public static (int? Value, string? Problem) Parse(string text, string name)
    {
        var trimmed = text.Trim();
        if (!long.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return (null, $"{name} must be a whole number, not '{text}'");
        }
        return value is < int.MinValue or > int.MaxValue ? (null, $"{name} {trimmed} is out of range") : ((int)value, null);
    }
}
