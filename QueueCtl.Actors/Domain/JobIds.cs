using System.Globalization;
using System.Text;

namespace QueueCtl.Actors.Domain;

/// <summary>
/// Spec 2: 1-128 characters of <c>A-Z a-z 0-9 . _ : -</c>. Besides, an id is not <c>.</c> and holds no <c>..</c>:
/// ids name files (<c>logs/ID.log</c>) and turn up in paths of scripts around the queue, where those read as directories.
/// </summary>
public static class JobIds
{
    /// <summary>How to fix an id <see cref="Problem"/> refused.</summary>
    public const string Rule = "use 1-128 characters of A-Z a-z 0-9 . _ : - (neither '.' alone nor '..')";

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
        for (var i = 0; i < id.Length; i++)
        {
            var c = id[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '-'))
            {
                var (text, visible) = CharAt(id, i);
                return visible ? $"job id '{Shown(id)}' contains '{text}'" : $"job id '{Shown(id)}' contains {Named(c)}";
            }
        }
        if (id == "." || id.Contains("..", StringComparison.Ordinal))
        {
            return $"job id '{id}' {(id == "." ? "is '.'" : "contains '..'")}, which a path reads as a directory";
        }
        return null;
    }

    /// <summary><paramref name="text"/> with every character that prints as nothing (or moves the cursor) written as <c>\uXXXX</c>.</summary>
    public static string Shown(string text)
    {
        var shown = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length;)
        {
            var (part, visible) = CharAt(text, i);
            shown.Append(visible ? part : string.Concat(part.Select(c => $"\\u{(int)c:X4}")));
            i += part.Length;
        }
        return shown.ToString();
    }

    /// <summary>The character at <paramref name="index"/> (two UTF-16 units for a surrogate pair) and whether it prints visibly.</summary>
    private static (string Text, bool Visible) CharAt(string text, int index)
    {
        if (Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out var length) != System.Buffers.OperationStatus.Done)
        {
            return (text.Substring(index, 1), false); // a lone surrogate
        }
        var visible = Rune.GetUnicodeCategory(rune) is not (UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.OtherNotAssigned
            or UnicodeCategory.PrivateUse);
        return (text.Substring(index, length), visible);
    }

    private static string Named(char c) =>
        char.IsControl(c) ? $"the control character U+{(int)c:X4}" : $"the invisible character U+{(int)c:X4}";
}
