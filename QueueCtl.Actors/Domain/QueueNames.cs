namespace QueueCtl.Actors.Domain;

/// <summary>
/// Named queues (<c>enqueue --queue NAME</c>): 1-64 characters of <c>A-Z a-z 0-9 . _ -</c>, beginning with a letter or a
/// digit, so that a name can never be mistaken for an option (<c>--queue --count</c> is a typo, not a queue).
/// </summary>
public static class QueueNames
{
    /// <summary>The queue of every job enqueued without one, and of every job enqueued before queues had names.</summary>
    public const string Default = "default";

    public const int MaxLength = 64;

    /// <summary>How to fix a name <see cref="Problem"/> refused.</summary>
    public const string Rule = "a queue name is 1-64 characters of A-Z a-z 0-9 . _ - and begins with a letter or a digit";

    /// <summary>Why <paramref name="name"/> cannot name a queue, or null.</summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "the queue name is empty";
        }
        if (name.Length > MaxLength)
        {
            return $"the queue name is {name.Length} characters long; at most {MaxLength} are allowed";
        }
        if (!char.IsAsciiLetterOrDigit(name[0]))
        {
            return name[0] == '-'
                ? $"'{JobIds.Shown(name)}' looks like an option, not a queue name"
                : $"the queue name '{JobIds.Shown(name)}' begins with '{name[0]}'";
        }
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                return $"the queue name '{JobIds.Shown(name)}' contains '{JobIds.Shown(c.ToString())}'";
            }
        }
        return null;
    }

    /// <summary>The queue a name given or left out means.</summary>
    public static string Of(string? name) => name ?? Default;
}
