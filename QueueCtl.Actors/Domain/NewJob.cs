using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace QueueCtl.Actors.Domain;

/// <summary>
/// A validated job submission: what <c>queuectl enqueue</c> sends and <see cref="JobsEnqueued"/> stores.
/// <see cref="MaxRetries"/> is already resolved (from the submission or from config at enqueue time).
/// <see cref="RunAt"/> (UTC) is the earliest start of a scheduled job, null for "as soon as a worker is free"; with
/// <see cref="Priority"/> it is left out of the stored JSON at its default, so a plain job is stored byte for byte as
/// before these fields existed, and events stored before them read as priority 0, no run_at. <see cref="TimeoutSeconds"/>
/// is resolved at enqueue like <see cref="MaxRetries"/> (see <see cref="JobTimeout.Resolve"/>) and left out when null (no
/// timeout), for the same reason. <see cref="DependsOn"/> names the jobs that must be completed first (see
/// <see cref="JobDependencies"/>); left out when there are none (default), for the same reason. <see cref="Queue"/> is null
/// for the default queue, and left out then.
/// </summary>
public sealed record NewJob(
    string Id,
    string Command,
    int MaxRetries,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int Priority = 0,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? RunAt = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? TimeoutSeconds = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] ImmutableArray<string> DependsOn = default,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Queue = null);
