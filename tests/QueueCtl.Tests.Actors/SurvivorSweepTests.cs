using System.Diagnostics;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Hosting;
using QueueCtl.Tests.Actors.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.Actors;

/// <summary>After a crash (kill -9) of the host its jobs live on; the next manager of the same queue kills them before dispatching.</summary>
public sealed class SurvivorSweepTests(ITestOutputHelper output) : QueueTestKit(output)
{
    [Fact]
    public async Task SurvivorSweep_KillsOnlyThisQueuesLeftoverProcesses_WhenTheManagerRecovers()
    {
        using var otherQueue = new TempDirectory();
        using var survivor = StartMarkedSleep($"{DataDir}|somejob");
        using var stranger = StartMarkedSleep($"{otherQueue.Path}|somejob");
        using var prefixTwin = StartMarkedSleep($"{DataDir}-twin|somejob"); // same prefix, another queue
        try
        {
            Assert.False(survivor.HasExited);
            var manager = NewManager();

            AwaitCondition(() => survivor.HasExited, Long, TimeSpan.FromMilliseconds(25), "the survivor was not killed");
            // Dispatching starts only after the sweep finished, so once a job ran the sweep is over.
            await StartWorkersAsync(manager, 1);
            await EnqueueAsync(manager, "after-sweep", "true");
            Assert.Equal(JobState.Completed, (await WaitForAsync(manager, "after-sweep")).Single().State);
            Assert.False(stranger.HasExited, "a process of another queue was killed");
            Assert.False(prefixTwin.HasExited, "a process of a queue whose path starts the same was killed");
        }
        finally
        {
            foreach (var process in new[] { survivor, stranger, prefixTwin }.Where(p => !p.HasExited))
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
    }

    /// <summary>
    /// A stand-in for an orphaned job: <c>sh -c 'sleep 60'</c> with the run marker in its environment, in a session of
    /// its own as every job is (posix_spawn with SETSID). Through <c>setsid</c> because the sweep kills the survivor's
    /// whole process group, which would otherwise be the test runner's. <c>--wait</c>: should setsid have to fork, the
    /// process the test watches still lives exactly as long as the shell.
    /// </summary>
    private static Process StartMarkedSleep(string marker)
    {
        var start = new ProcessStartInfo("setsid", ["--wait", "sh", "-c", "sleep 60"]) { UseShellExecute = false };
        start.Environment[QueueCtlNames.RunMarkerEnvironmentVariable] = marker;
        return Process.Start(start) ?? throw new InvalidOperationException("could not start sh");
    }
}
