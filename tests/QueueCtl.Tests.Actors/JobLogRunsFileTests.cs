using QueueCtl.Actors.Workers;
using QueueCtl.Tests.Actors.Support;

namespace QueueCtl.Tests.Actors;

/// <summary>The runs index beside a job's log, as the worker writes it just before each run.</summary>
public sealed class JobLogRunsFileTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [Fact]
    public void RecordRunStart_WritesNothing_WhenTheLogDoesNotExistYet()
    {
        var log = _temp.File("fresh.log");

        Assert.Null(JobLogRuns.RecordRunStart(log));

        Assert.False(File.Exists(JobLogRuns.IndexPath(log)));
    }

    [Fact]
    public void RecordRunStart_AppendsTheLogsLengthOwnerOnly_WhenAnEarlierRunCreatedTheLog()
    {
        var log = _temp.File("again.log");
        File.WriteAllText(log, "");
        Assert.Null(JobLogRuns.RecordRunStart(log));
        File.WriteAllText(log, "second\n");

        Assert.Null(JobLogRuns.RecordRunStart(log));

        Assert.Equal("0\n7\n", File.ReadAllText(JobLogRuns.IndexPath(log)));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(JobLogRuns.IndexPath(log)));
        }
    }

    [Fact]
    public void RecordRunStart_SaysWhyWithoutThrowing_WhenTheIndexCannotBeWritten()
    {
        var log = _temp.File("blocked.log");
        File.WriteAllText(log, "x");
        Directory.CreateDirectory(JobLogRuns.IndexPath(log));

        Assert.NotNull(JobLogRuns.RecordRunStart(log));
    }

    public void Dispose() => _temp.Dispose();
}
