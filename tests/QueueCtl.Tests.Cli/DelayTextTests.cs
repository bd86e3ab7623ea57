using QueueCtl.Cli.Input;

namespace QueueCtl.Tests.Cli;

/// <summary><c>enqueue --delay</c>: whole numbers with a unit, never a bare number.</summary>
public class DelayTextTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("5m", 300)]
    [InlineData("2h", 7200)]
    [InlineData("1d", 86400)]
    [InlineData("1h30m", 5400)]
    [InlineData("1d2h3m4s", 93784)]
    [InlineData("0s", 0)]
    [InlineData(" 5m ", 300)]
    [InlineData("3650d", 315360000)]
    public void Parse_ReturnsTheDuration_WhenNumbersHaveUnits(string text, long seconds)
    {
        var (delay, problem) = DelayText.Parse(text);

        Assert.Null(problem);
        Assert.Equal(TimeSpan.FromSeconds(seconds), delay);
    }

    [Theory]
    [InlineData("5", "--delay 5 has no unit", "write 5s, 5m, 5h or 5d")]
    [InlineData("-5m", "--delay -5m is negative", "e.g. 90s, 5m, 2h or 1d")]
    [InlineData("-5", "--delay -5 is negative", "leave --delay out")]
    [InlineData("5x", "--delay '5x' is not a duration", "a whole number followed by s (seconds), m (minutes), h (hours) or d (days)")]
    [InlineData("1.5h", "--delay '1.5h' is not a duration", "e.g. 1h30m")]
    [InlineData("5 m", "--delay '5 m' is not a duration", "90s")]
    [InlineData("m", "--delay 'm' is not a duration", "90s")]
    [InlineData("5M", "--delay '5M' is not a duration", "m (minutes)")]
    [InlineData("", "--delay is empty", "e.g. --delay 90s")]
    [InlineData("3651d", "--delay 3651d is too long", "at most 3650d")]
    [InlineData("99999999999999999999999s", "--delay 99999999999999999999999s is too long", "--run-at")]
    public void Parse_SaysWhatIsWrongAndHowToFixIt_WhenNotADuration(string text, string what, string fix)
    {
        var (delay, problem) = DelayText.Parse(text);

        Assert.Null(delay);
        Assert.NotNull(problem);
        Assert.Equal(what, problem.What);
        Assert.Contains(fix, problem.Fix);
    }
}
