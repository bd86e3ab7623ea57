using QueueCtl.Cli.Input;

namespace QueueCtl.Tests.Cli;

/// <summary><c>enqueue --run-at</c> and <c>"run_at"</c>: ISO 8601 with a UTC offset, returned in UTC.</summary>
public class RunAtTextTests
{
    private static readonly DateTimeOffset TenUtc = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("2026-12-01T10:00:00Z", 0)]
    [InlineData("2026-12-01T12:00:00+02:00", 0)]
    [InlineData("2026-12-01T05:30:00-04:30", 0)]
    [InlineData("2026-12-01 10:00:00Z", 0)]
    [InlineData("2026-12-01T10:00Z", 0)]
    [InlineData("2026-12-01T10:00:00.250Z", 250)]
    [InlineData(" 2026-12-01T10:00:00Z ", 0)]
    public void Parse_ReturnsTheTimeInUtc_WhenItHasAnOffset(string text, int milliseconds)
    {
        var (at, problem) = RunAtText.Parse(text, "--run-at");

        Assert.Null(problem);
        Assert.Equal(TenUtc.AddMilliseconds(milliseconds), at);
        Assert.Equal(TimeSpan.Zero, at!.Value.Offset);
    }

    [Theory]
    [InlineData("2026-12-01T10:00:00", "--run-at '2026-12-01T10:00:00' has no UTC offset", "add Z for UTC")]
    [InlineData("2026-12-01", "--run-at '2026-12-01' has no UTC offset", "2026-12-01T10:00:00Z")]
    [InlineData("tomorrow", "--run-at 'tomorrow' is not a time", "ISO 8601")]
    [InlineData("2026-13-01T10:00:00Z", "--run-at '2026-13-01T10:00:00Z' is not a time", "2026-12-01T12:00:00+02:00")]
    [InlineData("1764583200", "--run-at '1764583200' is not a time", "ISO 8601")]
    [InlineData("", "--run-at '' is not a time", "ISO 8601")]
    public void Parse_SaysWhatIsWrongAndHowToFixIt_WhenNotATimeWithAnOffset(string text, string what, string fix)
    {
        var (at, problem) = RunAtText.Parse(text, "--run-at");

        Assert.Null(at);
        Assert.NotNull(problem);
        Assert.Equal(what, problem.What);
        Assert.Contains(fix, problem.Fix);
    }
}
