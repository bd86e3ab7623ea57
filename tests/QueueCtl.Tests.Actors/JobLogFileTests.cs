using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Workers;
using QueueCtl.Tests.Actors.Support;

namespace QueueCtl.Tests.Actors;

/// <summary>A job's log: empty when created, never truncated, appended to by every run.</summary>
public sealed class JobLogFileTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Create_MakesAnEmptyLogWithTheModeOfALogTheSpawnCreates_WhenThereIsNone()
    {
        var ahead = _temp.File("ahead.log");
        var bySpawn = _temp.File("spawned.log");

        Assert.Null(JobLogFile.Create(ahead));
        await ProcessRunner.RunAsync(new ProcessStart("true", bySpawn, new Dictionary<string, string>()), CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, new FileInfo(ahead).Length);
        Assert.Equal(File.GetUnixFileMode(bySpawn), File.GetUnixFileMode(ahead));
    }

    [Fact]
    public void Create_KeepsWhatALogHolds_WhenARetryCreatesItAgain()
    {
        var log = _temp.File("a.log");
        File.WriteAllText(log, "first attempt\n");

        Assert.Null(JobLogFile.Create(log));

        Assert.Equal("first attempt\n", File.ReadAllText(log));
    }

    [Fact]
    public void Create_SaysWhyWithoutThrowing_WhenTheLogDirectoryIsMissing()
    {
        Assert.Contains("missing", JobLogFile.Create(Path.Combine(_temp.Path, "missing", "a.log")));
    }

    public void Dispose() => _temp.Dispose();
}
