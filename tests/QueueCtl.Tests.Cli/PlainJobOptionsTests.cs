using QueueCtl.Actors.Protocol;
using QueueCtl.Cli.Input;

namespace QueueCtl.Tests.Cli;

/// <summary>The options of a plain-command <c>enqueue</c>, into one <see cref="JobSubmission"/>.</summary>
public class PlainJobOptionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private static Stream NoStdin() => throw new InvalidOperationException("stdin must not be read");

    [Fact]
    public void From_CountsTheDelayFromNow_WhenDelayGiven()
    {
        var (options, problem) = PlainJobOptions.From(null, null, null, "1h30m", null, Now);

        Assert.Null(problem);
        Assert.Equal(Now.AddMinutes(90), options!.RunAt);
    }

    [Fact]
    public void From_TakesTheTime_WhenRunAtGiven()
    {
        var (options, _) = PlainJobOptions.From("a", 2, -4, null, "2026-12-02T00:00:00+01:00", Now);

        Assert.Equal(new PlainJobOptions("a", 2, -4, new DateTimeOffset(2026, 12, 1, 23, 0, 0, TimeSpan.Zero)), options);
    }

    [Fact]
    public void From_RefusesBoth_WhenDelayAndRunAtGiven()
    {
        var (options, problem) = PlainJobOptions.From(null, null, null, "5m", "2026-12-02T00:00:00Z", Now);

        Assert.Null(options);
        Assert.Equal("--delay and --run-at both say when the job may start", problem!.What);
    }

    [Theory]
    [InlineData("5", null, "--delay 5 has no unit")]
    [InlineData(null, "2026-12-02T00:00:00", "--run-at '2026-12-02T00:00:00' has no UTC offset")]
    public void From_SaysWhatIsWrong_WhenDelayOrRunAtIsBad(string? delay, string? runAt, string what)
    {
        Assert.Equal(what, PlainJobOptions.From(null, null, null, delay, runAt, Now).Problem!.What);
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("5m", 300)]
    [InlineData("1h30m", 5400)]
    [InlineData("7d", 604800)]
    public void From_TakesTheTimeoutInSeconds_WhenTimeoutGiven(string timeout, int seconds)
    {
        var (options, problem) = PlainJobOptions.From(null, null, null, null, null, Now, timeout);

        Assert.Null(problem);
        Assert.Equal(seconds, options!.TimeoutSeconds);
    }

    [Theory]
    [InlineData("30", "--timeout 30 has no unit")]
    [InlineData("-5s", "--timeout -5s is negative")]
    [InlineData("0s", "--timeout 0s is zero")]
    [InlineData("soon", "--timeout 'soon' is not a duration")]
    [InlineData("1.5m", "--timeout '1.5m' is not a duration")]
    [InlineData("", "--timeout is empty")]
    [InlineData("8d", "--timeout 8d is too long")]
    public void From_SaysWhatIsWrong_WhenTimeoutIsBad(string timeout, string what)
    {
        var problem = PlainJobOptions.From(null, null, null, null, null, Now, timeout).Problem!;

        Assert.Equal(what, problem.What);
        Assert.DoesNotContain("--run-at", problem.Fix); // the timeout's own advice, not --delay's
    }

    [Fact]
    public void Read_SubmitsTheTimeout_WhenPlainCommand()
    {
        var (jobs, problem) = EnqueueInput.Read(new EnqueueSource.PlainCommand("sleep 9"), new PlainJobOptions(TimeoutSeconds: 90), NoStdin);

        Assert.Null(problem);
        Assert.Equal([new JobSubmission(null, "sleep 9", null, 0, null, 90)], jobs);
    }

    [Fact]
    public void Read_SubmitsPriorityAndRunAt_WhenPlainCommand()
    {
        var (jobs, problem) = EnqueueInput.Read(new EnqueueSource.PlainCommand("echo hi"), new PlainJobOptions(Priority: 5, RunAt: Now), NoStdin);

        Assert.Null(problem);
        Assert.Equal([new JobSubmission(null, "echo hi", null, 5, Now)], jobs);
    }

    [Theory]
    [InlineData(1001)]
    [InlineData(-1001)]
    public void Read_RefusesThePriority_WhenOutOfRange(int priority)
    {
        var (jobs, problem) = EnqueueInput.Read(new EnqueueSource.PlainCommand("echo hi"), new PlainJobOptions(Priority: priority), NoStdin);

        Assert.Empty(jobs);
        Assert.Equal($"priority {priority} is out of range", problem!.What);
        Assert.Contains("from -1000 to 1000", problem.Fix);
    }

    [Theory]
    [InlineData(5, null)]
    [InlineData(null, "2026-12-02T00:00:00Z")]
    public void Read_RefusesPlainOptions_WhenTheInputIsJson(int? priority, string? runAt)
    {
        var options = new PlainJobOptions(Priority: priority, RunAt: runAt is null ? null : DateTimeOffset.Parse(runAt));

        var (_, problem) = EnqueueInput.Read(new EnqueueSource.InlineJson("{\"command\":\"a\"}"), options, NoStdin);

        Assert.Equal("--id, --max-retries, --priority, --delay, --run-at, --timeout, --after and --queue apply to a plain command only", problem!.What);
        Assert.Contains("\"priority\", \"run_at\", \"timeout_seconds\", \"depends_on\" and \"queue\" into the JSON", problem.Fix);
    }
}
