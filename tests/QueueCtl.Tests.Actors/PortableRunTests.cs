using System.Diagnostics;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Workers;
using QueueCtl.Tests.Actors.Support;

namespace QueueCtl.Tests.Actors;

/// <summary>
/// Every case of <see cref="ProcessRunnerTests"/>, each run by the portable runner (System.Diagnostics.Process); and, pinned
/// down as its documentation and the README state them, the two things it does differently from the native runner
/// (<see cref="NativeProcessRunnerTests"/> holds the native side of each). Should .NET lift one, its case fails here and
/// the documentation is to be corrected with it.
/// </summary>
public sealed class PortableRunTests : ProcessRunnerTests
{
    private protected override Task<RunOutcome> RunAsync(ProcessStart start, CancellationToken cancel) =>
        PortableJobRunner.Instance.RunAsync(start, cancel);

    [Fact]
    public async Task PortableRunner_StartsTheJobWithSigpipeIgnored_AsDotnetStartsEveryProcess()
    {
        // A shell cannot restore a signal that was ignored when it started, so `yes` fails on EPIPE instead of dying of SIGPIPE.
        var outcome = await RunAsync("(yes; echo \"yes=$?\" >&2) | head -n 1 > /dev/null");

        Assert.Equal(new RunOutcome.Exited(0), outcome);
        Assert.EndsWith("yes=1\n", await File.ReadAllTextAsync(Log));
    }

    [Fact]
    public async Task PortableRunner_LeavesABackgroundChildRunning_WhenTheShellExits()
    {
        var pidFile = TempFile("child.pid");

        Assert.Equal(new RunOutcome.Exited(0), await RunAsync($"sleep 100 & echo $! > '{pidFile}'"));

        var child = OsProcess.ReadPid(pidFile) ?? throw new InvalidOperationException("the job wrote no pid");
        try
        {
            Assert.True(OsProcess.IsAlive(child), "the job's background child was killed with its shell; the portable runner's documentation says it is not");
        }
        finally
        {
            using var leftover = Process.GetProcessById(child);
            leftover.Kill();
        }
    }
}
