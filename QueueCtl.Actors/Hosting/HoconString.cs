using System.Globalization;
using System.Text;

namespace QueueCtl.Actors.Hosting;

/// <summary>
/// A value written into HOCON text so that it reads back exactly: a quoted string with <c>\</c>, <c>"</c> and control
/// characters escaped as JSON escapes them. Unquoted, a path would be cut at a space, a <c>#</c> or a <c>//</c> would start a
/// comment, <c>${...}</c> would be substituted, and inside quotes a Windows path's backslashes (<c>C:\Users\me</c>) would be
/// read as escapes. Every path, name or other text put into HOCON goes through <see cref="Quote"/>.
/// <para>
/// Akka's HOCON reader trims whitespace from both ends of every string value, quoted or not, and reads the string
/// <c>null</c> as no value (<c>HoconValue.ConcatString</c>); no escape carries them. Such a value is refused here rather than
/// changed silently. A path inside a longer value (a connection string) keeps its spaces.
/// </para>
/// </summary>
public static class HoconString
{
    /// <exception cref="ArgumentException">The value starts or ends with whitespace, or is <c>null</c>, which Akka's HOCON cannot carry.</exception>
    public static string Quote(string value)
    {
        if (value == "null" || (value.Length > 0 && (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]))))
        {
            throw new ArgumentException(
                $"'{value}' cannot be written into Akka's HOCON: it reads a string that starts or ends with whitespace trimmed, and \"null\" as no value",
                nameof(value));
        }
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => text.Append("\\\""),
                '\\' => text.Append("\\\\"),
                '\n' => text.Append("\\n"),
                '\r' => text.Append("\\r"),
                '\t' => text.Append("\\t"),
                '\b' => text.Append("\\b"),
                '\f' => text.Append("\\f"),
                < ' ' or '\u007f' => text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
                _ => text.Append(c),
            };
        }
        return text.Append('"').ToString();
    }
}
