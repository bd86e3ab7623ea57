namespace QueueCtl.Tests.Actors;

/// <summary>
/// Spec 2.1, "nothing polls", for <c>logs --follow</c>: its code on both sides waits for events (inotify, the job's end,
/// the follower's acknowledgement, a pushed message), never for time. A guard on the source, since an idle poll has no
/// output a test could see: a timer or a delay added to these files fails here and has to explain itself.
/// </summary>
public sealed class LogFollowNoPollingTests
{
    private static readonly string[] FollowFiles =
    [
        "QueueCtl.Actors/Manager/JobLogFollowerActor.cs",
        "QueueCtl.Actors/Manager/JobLogReader.cs",
        "QueueCtl.Cli/Commands/LogsCommand.cs",
        "QueueCtl.Cli/PushReceiver.cs",
    ];

    private static readonly string[] TimeWaits =
        ["Task.Delay", "Thread.Sleep", "Timers.", "ScheduleTell", "PeriodicTimer", "new Timer(", "SetReceiveTimeout"];

    [Fact]
    public void FollowCode_WaitsForNoTimer_OnEitherSide()
    {
        var root = SolutionDirectory();
        foreach (var file in FollowFiles)
        {
            var source = File.ReadAllText(Path.Combine(root, file));
            Assert.All(TimeWaits, wait => Assert.False(source.Contains(wait, StringComparison.Ordinal), $"{file} uses {wait}"));
        }
    }

    private static string SolutionDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "QueueCtl.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"no QueueCtl.sln above {AppContext.BaseDirectory}");
    }
}
