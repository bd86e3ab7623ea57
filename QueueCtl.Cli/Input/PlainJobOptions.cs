using System.Collections.Immutable;

namespace QueueCtl.Cli.Input;

/// <summary>
/// The options of <c>queuectl enqueue "COMMAND"</c>: <c>--id</c>, <c>--max-retries</c>, <c>--priority</c>,
/// <c>--delay</c> or <c>--run-at</c> as one <see cref="RunAt"/>, <c>--timeout</c> as <see cref="TimeoutSeconds"/>, and
/// <c>--after</c> (repeatable) as <see cref="DependsOn"/>, and <c>--queue</c>. JSON input carries these as fields instead.
/// </summary>
internal sealed record PlainJobOptions(
    string? Id = null, int? MaxRetries = null, int? Priority = null, DateTimeOffset? RunAt = null, int? TimeoutSeconds = null,
    ImmutableArray<string> DependsOn = default, string? Queue = null)
{
    public static readonly PlainJobOptions None = new();

    public bool AnyGiven => Id is not null || MaxRetries is not null || Priority is not null || RunAt is not null || TimeoutSeconds is not null
                           || !DependsOn.IsDefaultOrEmpty || Queue is not null;

    /// <summary>
    /// The options as given, <c>--delay</c> counted from <paramref name="now"/> (the CLI's clock when the command runs), or
    /// why <c>--delay</c>, <c>--run-at</c> or <c>--timeout</c> is wrong (the others are checked with the command, as JSON fields are).
    /// </summary>
    public static (PlainJobOptions? Options, InputProblem? Problem) From(
        string? id, int? maxRetries, int? priority, string? delay, string? runAt, DateTimeOffset now, string? timeout = null,
        IReadOnlyList<string>? after = null, string? queue = null)
    {
        if (delay is not null && runAt is not null)
        {
            return (null, new InputProblem("--delay and --run-at both say when the job may start",
                "give one of them: --delay for a time from now, --run-at for a time of day"));
        }
        DateTimeOffset? at = null;
        if (delay is not null)
        {
            var (span, problem) = DelayText.Parse(delay);
            if (problem is not null)
            {
                return (null, problem);
            }
            at = now.ToUniversalTime() + span!.Value;
        }
        if (runAt is not null)
        {
            var (time, problem) = RunAtText.Parse(runAt, "--run-at");
            if (problem is not null)
            {
                return (null, problem);
            }
            at = time;
        }
        int? timeoutSeconds = null;
        if (timeout is not null)
        {
            var (seconds, problem) = DelayText.ParseTimeout(timeout);
            if (problem is not null)
            {
                return (null, problem);
            }
            timeoutSeconds = seconds;
        }
        var dependsOn = after is { Count: > 0 } ? after.ToImmutableArray() : default;
        return (new PlainJobOptions(id, maxRetries, priority, at, timeoutSeconds, dependsOn, queue), null);
    }
}
