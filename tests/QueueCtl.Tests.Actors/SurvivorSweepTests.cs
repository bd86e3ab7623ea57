using System.Diagnostics;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Hosting;
using QueueCtl.Actors.Workers;
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

    [Fact]
    public async Task SurvivorSweep_KillsOnlyTheMarkedProcess_WhenItsProcessGroupIsNotASessionOfItsOwn()
    {
        // What a portable runner's job looks like: in a group it shares with a process that is not the queue's (here the
        // leader of a job-control group inside a session of bash's), where a native job's group is a session of its own.
        var leaderFile = DataFile("leader.pid");
        var markedFile = DataFile("marked.pid");
        var script = $"set -m; ( {QueueCtlNames.RunMarkerEnvironmentVariable}='{DataDir}|portable' sleep 60 & echo $! > '{markedFile}'; sleep 60 ) & " +
                     $"echo $! > '{leaderFile}'; wait";
        using var session = Process.Start(new ProcessStartInfo("setsid", ["--wait", "bash", "-c", script]) { UseShellExecute = false })
                            ?? throw new InvalidOperationException("could not start bash");
        try
        {
            int? leader = null, marked = null;
            AwaitCondition(() => (leader = OsProcess.ReadPid(leaderFile)) is not null && (marked = OsProcess.ReadPid(markedFile)) is not null,
                Short, TimeSpan.FromMilliseconds(25), "the processes never started");
            Assert.Equal(leader, GroupOf(marked!.Value)); // the marked process is in the unmarked leader's group...
            Assert.NotEqual(leader, SessionOf(marked.Value)); // ...which is not a session of its own

            Assert.Equal(1, SurvivorSweep.KillSurvivors(DataDir));

            AwaitCondition(() => !OsProcess.IsAlive(marked.Value), Short, TimeSpan.FromMilliseconds(25), "the marked process survived");
            Assert.True(OsProcess.IsAlive(leader!.Value), "the sweep killed a process group that was not the job's own");
        }
        finally
        {
            session.Kill(entireProcessTree: true);
            await session.WaitForExitAsync();
        }
    }

    /// <summary>Field 5 (pgrp) and 6 (session) of /proc/PID/stat, after the command name in parentheses.</summary>
    private static int GroupOf(int pid) => StatField(pid, 2);

    private static int SessionOf(int pid) => StatField(pid, 3);

    private static int StatField(int pid, int afterName)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[afterName], System.Globalization.CultureInfo.InvariantCulture);
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
