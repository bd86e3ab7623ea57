using QueueCtl.Cli.Completion;

namespace QueueCtl.Tests.Cli;

/// <summary>The line up to the cursor, split as a POSIX shell splits it, before System.CommandLine sees the words.</summary>
public class ShellWordsTests
{
    [Theory]
    [InlineData("queuectl li", "queuectl", "li")]
    [InlineData("queuectl list ", "queuectl|list", "")]
    [InlineData("  queuectl\tlist  --state ", "queuectl|list|--state", "")]
    [InlineData("queuectl enqueue 'echo a b' --j", "queuectl|enqueue|echo a b", "--j")]
    [InlineData("queuectl enqueue \"echo \\\"a\\\" \\\\ $b\" -", "queuectl|enqueue|echo \"a\" \\ $b", "-")]
    [InlineData("queuectl enqueue echo\\ a\\ b --", "queuectl|enqueue|echo a b", "--")]
    [InlineData("queuectl enqueue '{\"id\":\"x\"}' ", "queuectl|enqueue|{\"id\":\"x\"}", "")]
    [InlineData("queuectl show a''b", "queuectl|show", "ab")]
    [InlineData("queuectl list \\\n--st", "queuectl|list", "--st")]
    public void Split_SeparatesWordsFromTheOneAtTheCursor(string line, string words, string current)
    {
        var split = ShellWords.Split(line);
        Assert.Equal(words.Split('|'), split.Words);
        Assert.Equal(current, split.Current);
    }

    [Theory]
    [InlineData("queuectl config get 'max", "max")]
    [InlineData("queuectl config get \"max-r", "max-r")]
    [InlineData("queuectl enqueue 'echo a ", "echo a ")]
    public void Split_KeepsAnOpenQuoteInTheCurrentWord(string line, string current)
    {
        Assert.Equal(current, ShellWords.Split(line).Current);
    }

    [Fact]
    public void Split_HasNoWords_WhenLineIsEmpty()
    {
        var split = ShellWords.Split("");
        Assert.Empty(split.Words);
        Assert.Equal("", split.Current);
    }
}
