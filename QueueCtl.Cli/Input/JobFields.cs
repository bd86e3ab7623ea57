namespace QueueCtl.Cli.Input;

/// <summary>The fields of an enqueued job's JSON, as spec 2 names them.</summary>
internal static class JobFields
{
    public const string Id = "id";
    public const string Command = "command";
    public const string MaxRetries = "max_retries";
    public const string Priority = "priority";
    public const string RunAt = "run_at";
    public const string TimeoutSeconds = "timeout_seconds";
    public const string DependsOn = "depends_on";

    /// <summary>What <c>enqueue</c> accepts today.</summary>
    public static readonly IReadOnlyList<string> Supported = [Id, Command, MaxRetries, Priority, RunAt, TimeoutSeconds, DependsOn];

    /// <summary>Spec 2 fields the host cannot honour yet: refused, never silently dropped.</summary>
    public static readonly IReadOnlyList<string> NotYetSupported = [];

    public static string SupportedList => string.Join(", ", Supported);
}
