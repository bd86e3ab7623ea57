using System.Collections.Immutable;
using System.Text;

namespace QueueCtl.Cli.Completion;

/// <summary>
/// A command line up to the cursor, split into words the way a POSIX shell splits it: the words before the cursor and
/// the one being typed (<see cref="Current"/>, empty after a space). System.CommandLine's own splitter knows double
/// quotes only, so <c>queuectl enqueue 'echo a b' --st</c> would reach it as the wrong words.
/// </summary>
internal sealed record ShellWords(ImmutableArray<string> Words, string Current)
{
    /// <summary>
    /// Single quotes keep everything; double quotes keep everything but <c>\"</c>, <c>\\</c>, <c>\$</c> and <c>\`</c>;
    /// a backslash outside quotes keeps the next character (and a backslash-newline joins lines). A quote still
    /// open at the cursor belongs to <see cref="Current"/>: <c>config get 'max</c> completes <c>max</c>.
    /// </summary>
    public static ShellWords Split(string line)
    {
        var words = ImmutableArray.CreateBuilder<string>();
        var word = new StringBuilder();
        var inWord = false;
        var quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote == '\'')
            {
                if (c == '\'')
                {
                    quote = '\0';
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (quote == '"')
            {
                if (c == '"')
                {
                    quote = '\0';
                }
                else if (c == '\\' && i + 1 < line.Length && line[i + 1] is '"' or '\\' or '$' or '`' or '\n')
                {
                    i++;
                    if (line[i] != '\n')
                    {
                        word.Append(line[i]);
                    }
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (c is ' ' or '\t' or '\n')
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else if (c == '\\')
            {
                if (i + 1 < line.Length)
                {
                    i++;
                    if (line[i] == '\n')
                    {
                        continue;
                    }
                    word.Append(line[i]);
                }
                inWord = true;
            }
            else
            {
                if (c is '\'' or '"')
                {
                    quote = c;
                }
                else
                {
                    word.Append(c);
                }
                inWord = true;
            }
        }
        return new ShellWords(words.ToImmutable(), inWord ? word.ToString() : "");
    }
}
