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
    public const string Queue = "queue";

    /// <summary>Every field of spec 2 a job may be enqueued with.</summary>
    public static readonly IReadOnlyList<string> Supported = [Id, Command, MaxRetries, Priority, RunAt, TimeoutSeconds, DependsOn, Queue];

    public static string SupportedList => string.Join(", ", Supported);
}
