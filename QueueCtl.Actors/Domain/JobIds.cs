namespace QueueCtl.Actors.Domain;

/// <summary>Spec 2: 1-128 characters of <c>A-Z a-z 0-9 . _ : -</c>.</summary>
public static class JobIds
{
    /// <summary>How to fix an id <see cref="Problem"/> refused.</summary>
    public const string Rule = "use 1-128 characters of A-Z a-z 0-9 . _ : -";

    public const int MaxLength = 128;

    public static string? Problem(string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            return "a job id must not be empty";
        }
        if (id.Length > MaxLength)
        {
            return $"job id is {id.Length} characters long; at most {MaxLength} are allowed";
        }
        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '-'))
            {
                return $"job id '{id}' contains '{c}'";
            }
        }
        return null;
    }
}
