using System.Diagnostics;
using QueueCtl.Actors.Workers;

namespace QueueCtl.Tests.Actors;

/// <summary>The pidfd reaper on real child processes: each exit reaped once, with its own status, and only registered children touched.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ChildReaperTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly Dictionary<string, string> NoEnvironment = [];

    [Fact]
    public async Task ChildReaper_GivesEachChildItsOwnStatus_WhenManyExitAtOnce()
    {
        var children = Enumerable.Range(0, 40).Select(code => (Code: code, Pid: Spawn($"exit {code}"))).ToList();

        var statuses = await Task.WhenAll(children.Select(c => ChildReaper.WaitForExitAsync(c.Pid))).WaitAsync(Timeout);

        Assert.Equal(children.Select(c => c.Code), statuses.Select(ProcessRunner.ExitCodeOf));
    }

    [Fact]
    public async Task ChildReaper_ReapsEveryChild_WhileOthersAreSpawnedAndReapedOnOtherThreads()
    {
        // A spawn's child holds a copy of every descriptor until it execs, so pidfds are closed, and their numbers reused,
        // while copies are still open. Were a stale readiness taken for the child that now has the number, the reaper would
        // wait on a standby that exits only once this loop goes on, and the loop would never go on.
        async Task<int> Cycle(int thread)
        {
            var cycles = 0;
            for (var i = 0; i < 100; i++)
            {
                using var standby = StandbyShell.TryStart(NoEnvironment) ?? throw new InvalidOperationException("no standby");
                var code = (thread * 7 + i) % 100;
                Assert.Equal(code, ProcessRunner.ExitCodeOf(await ChildReaper.WaitForExitAsync(Spawn($"exit {code}"))));
                standby.Dispose();
                Assert.Equal(0, await standby.Exited);
                cycles++;
            }
            return cycles;
        }

        var cycles = await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() => Cycle(t)))).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.All(cycles, count => Assert.Equal(100, count));
    }

    [Fact]
    public async Task ChildReaper_ReapsAChild_WhenItHadExitedBeforeItWasRegistered()
    {
        var pid = Spawn("exit 3");
        var deadline = DateTime.UtcNow + Timeout;
        while (!IsZombie(pid))
        {
            Assert.True(DateTime.UtcNow < deadline, "the child never exited");
            await Task.Delay(10);
        }

        var status = await ChildReaper.WaitForExitAsync(pid).WaitAsync(Timeout);

        Assert.Equal(3, ProcessRunner.ExitCodeOf(status));
        Assert.False(File.Exists($"/proc/{pid}/stat"), "the zombie is reaped");
    }

    [Fact]
    public async Task ChildReaper_ReportsMinusOne_WhenTheChildWasReapedElsewhere()
    {
        var pid = Spawn("true");
        Assert.Equal(pid, Libc.waitpid(pid, out _, 0));

        Assert.Equal(-1, await ChildReaper.WaitForExitAsync(pid).WaitAsync(Timeout));
    }

    [Fact]
    public async Task ChildReaper_LeavesProcessChildrenToTheRuntime_WhileItReapsItsOwn()
    {
        var own = ChildReaper.WaitForExitAsync(Spawn("sleep 0.2; exit 4"));
        using var other = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "exit 9"]))!;

        await other.WaitForExitAsync().WaitAsync(Timeout);

        Assert.Equal(9, other.ExitCode);
        Assert.Equal(4, ProcessRunner.ExitCodeOf(await own.WaitAsync(Timeout)));
    }

    private static int Spawn(string command)
    {
        var error = ProcessRunner.Spawn([ProcessRunner.Shell, "-c", command], NoEnvironment, ProcessRunner.DevNull, commandsFd: -1, out var pid);
        Assert.Equal(0, error);
        return pid;
    }

    /// <summary>State Z in /proc/PID/stat: exited, not yet reaped. The state follows the command name, which ends with ')'.</summary>
    private static bool IsZombie(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
    }
}
