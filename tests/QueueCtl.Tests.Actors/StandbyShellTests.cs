using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Workers;

namespace QueueCtl.Tests.Actors;

/// <summary>
/// Every case of <see cref="NativeProcessRunnerTests"/>, each run handed to a shell started ahead, as a worker does; the shell
/// opens (and creates) the log itself. A run that should have gone to the standby but was spawned instead fails the
/// test, so the cases really cover the standby.
/// </summary>
public sealed class StandbyRunTests : NativeProcessRunnerTests
{
    private static readonly Dictionary<string, string> NoEnvironment = [];

    private protected override async Task<RunOutcome> RunAsync(ProcessStart start, CancellationToken cancel)
    {
        var standby = await StandbyShell.StartAsync(NoEnvironment);
        Assert.NotNull(standby);
        var fits = StandbyShell.Payload(start) is not null;

        var outcome = await ProcessRunner.RunAsync(start, Task.FromResult<StandbyShell?>(standby), launched: null, cancel);

        var cancelledBeforehand = outcome is RunOutcome.Interrupted { Reason: "cancelled before it started" };
        Assert.Equal(fits && !cancelledBeforehand, standby.HandedOff);
        await standby.Exited.WaitAsync(Timeout); // handed off or closed, the shell is gone once the run is over
        return outcome;
    }
}

/// <summary>What is particular to a shell started ahead: its life without a job, and what it refuses.</summary>
public sealed class StandbyShellTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly Support.TempDirectory _temp = new();

    [Fact]
    public async Task StandbyShell_ExitsWithStatusZero_WhenClosedWithoutAJob()
    {
        var standby = await StartAsync();

        standby.Dispose();

        Assert.Equal(0, await standby.Exited.WaitAsync(Timeout));
    }

    [Fact]
    public async Task StandbyShell_RunsTheJobInItsOwnProcess_WhenHandedOff()
    {
        var standby = await StartAsync();
        var start = Start("echo $$");

        var outcome = await ProcessRunner.RunAsync(start, Task.FromResult<StandbyShell?>(standby), launched: null, CancellationToken.None);

        Assert.Equal(new RunOutcome.Exited(0), outcome);
        Assert.Equal($"{standby.Pid}\n", await File.ReadAllTextAsync(start.LogPath));
    }

    [Fact]
    public async Task ProcessRunner_TellsALogItCannotOpenFromACommandNotFound_ByTryingTheLogItself()
    {
        // Both make the standby exit 127; only a log the runner cannot open either is a run that could not start.
        var standby = await StartAsync();
        var directory = _temp.File("a-directory.log");
        Directory.CreateDirectory(directory);

        var outcome = await ProcessRunner.RunAsync(new ProcessStart("true", directory, new Dictionary<string, string>()),
            Task.FromResult<StandbyShell?>(standby), launched: null, CancellationToken.None);

        Assert.True(standby.HandedOff);
        Assert.StartsWith($"/bin/sh: cannot open the log {directory}: ", Assert.IsType<RunOutcome.CouldNotStart>(outcome).Error);
    }

    [Fact]
    public async Task ProcessRunner_SpawnsTheJob_WhenTheStandbyHasDied()
    {
        var standby = await StartAsync();
        Libc.kill(standby.Pid, Libc.SIGKILL);
        await standby.Exited.WaitAsync(Timeout);
        var start = Start("echo ran");

        var outcome = await ProcessRunner.RunAsync(start, Task.FromResult<StandbyShell?>(standby), launched: null, CancellationToken.None);

        Assert.Equal(new RunOutcome.Exited(0), outcome);
        Assert.False(standby.HandedOff);
        Assert.Equal("ran\n", await File.ReadAllTextAsync(start.LogPath));
    }

    [Fact]
    public async Task StandbyShell_TakesOnlyOneJob_WhenHandedASecond()
    {
        var standby = await StartAsync();

        Assert.True(standby.TryHandOff(Start("true")));
        Assert.False(standby.TryHandOff(Start("true")));
        Assert.Equal(0, await standby.Exited.WaitAsync(Timeout));
    }

    [Fact]
    public async Task SurvivorSweep_KillsAJobRunningInAStandby_WhenTheJobRunsOnlyShellBuiltins()
    {
        // A job of builtins forks nothing: only the standby's own environment, set at its start, can mark it.
        var queueKey = _temp.Path;
        var standby = await StandbyShell.StartAsync(new Dictionary<string, string>
        {
            [QueueCtl.Actors.Hosting.QueueCtlNames.RunMarkerEnvironmentVariable] = SurvivorSweep.MarkerFor(queueKey, ""),
        });
        Assert.NotNull(standby);
        var fifo = _temp.File("never-written");
        Assert.Equal(0, Mkfifo(fifo));
        Assert.True(standby.TryHandOff(Start($"exec 4<>'{fifo}'; read -r line <&4")));
        await Task.Delay(200);
        Assert.False(standby.Exited.IsCompleted, "the job should block on the fifo");

        Assert.True(SurvivorSweep.KillSurvivors(queueKey) >= 1);

        Assert.Equal(Libc.SIGKILL, await standby.Exited.WaitAsync(Timeout) & 0x7f);
    }

    private async Task<StandbyShell> StartAsync() =>
        await StandbyShell.StartAsync(new Dictionary<string, string>()) ?? throw new InvalidOperationException("no standby");

    private ProcessStart Start(string command)
    {
        return new ProcessStart(command, _temp.File($"{Guid.NewGuid():N}.log"), new Dictionary<string, string>());
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "mkfifo")]
    private static extern int Mkfifo(string path, int mode = 0b110_000_000);

    public void Dispose() => _temp.Dispose();
}
