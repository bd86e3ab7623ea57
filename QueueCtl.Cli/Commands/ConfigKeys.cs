using System.CommandLine;
using QueueCtl.Actors.Domain;

namespace QueueCtl.Cli.Commands;

/// <summary>The KEY of <c>config get</c> and <c>config set</c>, checked (and normalized: <c>max_retries</c>) before the host is asked.</summary>
internal static class ConfigKeys
{
    public static string Known => string.Join(", ", QueueSettings.Keys);

    public static Argument<string> CreateArgument()
    {
        var key = new Argument<string>("KEY") { Description = $"One of: {Known} (max_retries spelling accepted)" };
        key.CompletionSources.Add([.. QueueSettings.Keys]);
        return key;
    }

    public static (string? Key, CliOutcome? Problem) Normalize(string key) =>
        QueueSettings.IsKnownKey(key)
            ? (QueueSettings.NormalizeKey(key), null)
            : (null, CliOutcome.Usage($"unknown config key '{key}'", $"use one of: {Known}"));
}
