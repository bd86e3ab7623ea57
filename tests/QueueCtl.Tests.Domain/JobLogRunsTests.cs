using QueueCtl.Actors.Workers;

namespace QueueCtl.Tests.Domain;

/// <summary>Which bytes of a job's log are attempt N (<c>queuectl logs ID --attempt N</c>).</summary>
public sealed class JobLogRunsTests
{
    [Fact]
    public void Parse_ReadsOneStartPerLine_WhenLinesAreWhole()
    {
        Assert.Equal(new long[] { 12L, 40L, 40L }, JobLogRuns.Parse("12\n40\n40\n").ToArray());
    }

    [Fact]
    public void Parse_LeavesOutALastLineCutShort_WhenAWriteWasInterrupted()
    {
        Assert.Equal(new long[] { 12L }, JobLogRuns.Parse("12\n4").ToArray());
    }

    [Fact]
    public void Parse_SkipsALineThatIsNoOffset_WhenTheIndexHoldsGarbage()
    {
        Assert.Equal(new long[] { 12L, 30L }, JobLogRuns.Parse("12\n-3\nx\n30\n").ToArray());
    }

    [Fact]
    public void Count_IsZero_WhenTheLogDoesNotExist()
    {
        Assert.Equal(0, JobLogRuns.Count(logExists: false, []));
        Assert.Equal(1, JobLogRuns.Count(logExists: true, []));
        Assert.Equal(3, JobLogRuns.Count(logExists: true, [5, 9]));
    }

    [Fact]
    public void Find_GivesTheFirstRunEverythingBeforeTheSecond_WhenTheLogHasSeveralRuns()
    {
        Assert.Equal(new RunSpan(0, 5), JobLogRuns.Find(true, [5, 9], 1));
        Assert.Equal(new RunSpan(5, 9), JobLogRuns.Find(true, [5, 9], 2));
        Assert.Equal(new RunSpan(9, null), JobLogRuns.Find(true, [5, 9], 3));
    }

    [Fact]
    public void Find_GivesTheWholeLogToRunOne_WhenTheLogHasNoIndex()
    {
        Assert.Equal(new RunSpan(0, null), JobLogRuns.Find(true, [], 1));
    }

    [Fact]
    public void Find_GivesAnEmptySpan_WhenARunWroteNothing()
    {
        Assert.Equal(new RunSpan(5, 5), JobLogRuns.Find(true, [5, 5], 2));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(4)]
    public void Find_IsNull_WhenTheAttemptIsNotARunOfTheLog(int attempt)
    {
        Assert.Null(JobLogRuns.Find(true, [5, 9], attempt));
    }

    [Fact]
    public void Find_IsNull_WhenTheJobHasNotRun()
    {
        Assert.Null(JobLogRuns.Find(false, [], 1));
    }

    [Theory]
    [InlineData("/d/logs/job1.log", "/d/logs/job1.runs")]
    [InlineData("/d/logs/a.log.log", "/d/logs/a.log.runs")]
    public void IndexPath_SitsBesideTheLog_WhenAsked(string log, string index)
    {
        Assert.Equal(index, JobLogRuns.IndexPath(log));
    }
}
