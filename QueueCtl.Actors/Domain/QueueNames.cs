namespace QueueCtl.Actors.Domain;

/// <summary>Named queues (<c>enqueue --queue NAME</c>): names follow <see cref="ShortNames"/>.</summary>
public static class QueueNames
{
    /// <summary>The queue of every job enqueued without one, and of every job enqueued before queues had names.</summary>
    public const string Default = "default";

    /// <summary>How to fix a name <see cref="Problem"/> refused.</summary>
    public const string Rule = "a queue name is 1-64 characters of A-Z a-z 0-9 . _ - beginning with a letter or a digit, without '..'";

    /// <summary>Why <paramref name="name"/> cannot name a queue, or null.</summary>
    public static string? Problem(string? name) => ShortNames.Problem(name, "queue name");

    /// <summary>The queue a name given or left out means.</summary>
    public static string Of(string? name) => name ?? Default;
}
