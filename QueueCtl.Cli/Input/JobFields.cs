namespace QueueCtl.Cli.Input;

/// <summary>The fields of an enqueued job's JSON, as spec 2 names them.</summary>
internal static class JobFields
{
    public const string Id = "id";
    public const string Command = "command";
    public const string MaxRetries = "max_retries";

    /// <summary>What <c>enqueue</c> accepts today.</summary>
    public static readonly IReadOnlyList<string> Supported = [Id, Command, MaxRetries];

    /// <summary>Spec 2 fields the host cannot honour yet: refused, never silently dropped.</summary>
    public static readonly IReadOnlyList<string> NotYetSupported = ["priority", "run_at", "timeout_seconds", "depends_on"];

    public static string SupportedList => string.Join(", ", Supported);
}
