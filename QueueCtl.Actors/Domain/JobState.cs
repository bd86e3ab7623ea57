using System.Text.Json.Serialization;

namespace QueueCtl.Actors.Domain;

/// <summary>The five states of spec 2.1. Serialized lower-case (<c>pending</c>, <c>dead</c>, ...).</summary>
public enum JobState
{
    [JsonStringEnumMemberName("pending")] Pending,
    [JsonStringEnumMemberName("processing")] Processing,
    [JsonStringEnumMemberName("completed")] Completed,
    [JsonStringEnumMemberName("failed")] Failed,
    [JsonStringEnumMemberName("dead")] Dead,
}

public static class JobStateNames
{
    public static string ToWire(this JobState state) => state switch
    {
        JobState.Pending => "pending",
        JobState.Processing => "processing",
        JobState.Completed => "completed",
        JobState.Failed => "failed",
        JobState.Dead => "dead",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    public static bool TryParse(string text, out JobState state)
    {
        foreach (var candidate in Enum.GetValues<JobState>())
        {
            if (string.Equals(candidate.ToWire(), text, StringComparison.OrdinalIgnoreCase))
            {
                state = candidate;
                return true;
            }
        }
        state = default;
        return false;
    }

    /// <summary>Completed and dead jobs are finished: <c>queuectl wait</c> returns on them.</summary>
    public static bool IsFinished(this JobState state) => state is JobState.Completed or JobState.Dead;
}
