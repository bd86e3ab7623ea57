using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Workers;
using QueueCtl.Tests.Actors.Support;

namespace QueueCtl.Tests.Actors;

/// <summary>
/// One run of a command as an OS process (the log as stdout and stderr, the process tree killed on cancel), the same
/// whichever runner starts it: the native one spawning <c>/bin/sh -c</c> (<see cref="SpawnedRunTests"/>) or handing the job
/// to a shell started ahead (<see cref="StandbyRunTests"/>), and the portable one (<see cref="PortableRunTests"/>). What only
/// the native runner does is in <see cref="NativeProcessRunnerTests"/>.
/// </summary>
public abstract class ProcessRunnerTests : IDisposable
{
    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly TempDirectory _temp = new();
    private readonly Dictionary<string, string> _noEnvironment = [];

    /// <summary>Runs <paramref name="start"/> the way this class tests.</summary>
    private protected abstract Task<RunOutcome> RunAsync(ProcessStart start, CancellationToken cancel);

    [Fact]
    public async Task ProcessRunner_ReportsTheExitCode_WhenTheCommandExits()
    {
        Assert.Equal(new RunOutcome.Exited(7), await RunAsync("exit 7"));
        Assert.Equal(new RunOutcome.Exited(0), await RunAsync("true"));
    }

    [Fact]
    public async Task ProcessRunner_Reports128PlusTheSignal_WhenTheShellIsKilledBySignal()
    {
        Assert.Equal(new RunOutcome.Exited(128 + 9), await RunAsync("kill -9 $$"));
    }

    [Fact]
    public async Task ProcessRunner_ReportsCouldNotStart_WhenTheLogDirectoryDoesNotExist()
    {
        var log = Path.Combine(_temp.Path, "missing", "job.log");

        var outcome = await RunAsync(new ProcessStart("true", log, _noEnvironment), CancellationToken.None).WaitAsync(Timeout);

        var notStarted = Assert.IsType<RunOutcome.CouldNotStart>(outcome);
        Assert.Contains(log, notStarted.Error);
    }

    [Fact]
    public async Task ProcessRunner_ReportsCouldNotStartAndRunsNothing_WhenTheLogPathIsADirectory()
    {
        var log = _temp.File("a-directory.log");
        Directory.CreateDirectory(log);
        var marker = _temp.File("ran");

        var outcome = await RunAsync(new ProcessStart($"touch '{marker}'", log, _noEnvironment), CancellationToken.None).WaitAsync(Timeout);

        var notStarted = Assert.IsType<RunOutcome.CouldNotStart>(outcome);
        Assert.Contains(log, notStarted.Error);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task ProcessRunner_Reports127AndLogsWhy_WhenTheCommandIsNotFound()
    {
        var start = new ProcessStart("no-such-command-in-queuectl-tests", Log, _noEnvironment);

        Assert.Equal(new RunOutcome.Exited(127), await RunAsync(start, CancellationToken.None).WaitAsync(Timeout));
        Assert.Contains("no-such-command-in-queuectl-tests: not found", await File.ReadAllTextAsync(Log));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task ProcessRunner_CreatesAMissingLogWithTheModeJobLogFileGives()
    {
        var expected = _temp.File("by-job-log-file.log");
        Assert.Null(JobLogFile.Create(expected));

        Assert.Equal(new RunOutcome.Exited(0), await RunAsync("true"));

        Assert.Equal(File.GetUnixFileMode(expected), File.GetUnixFileMode(Log));
    }

    [Fact]
    public async Task ProcessRunner_KillsTheWholeProcessGroupIncludingBackgroundedChildren_WhenCancelled()
    {
        var pidFile = _temp.File("child.pid");
        using var cancel = new CancellationTokenSource();
        var run = RunAsync(new ProcessStart($"sleep 100 & echo $! > '{pidFile}'; wait", Log, _noEnvironment), cancel.Token);
        var child = await PollAsync(() => OsProcess.ReadPid(pidFile));
        Assert.True(OsProcess.IsAlive(child));

        cancel.Cancel();

        Assert.Equal(new RunOutcome.Interrupted("killed"), await run.WaitAsync(Timeout));
        await PollAsync(() => OsProcess.IsAlive(child) ? null : (int?)1);
    }

    [Fact]
    public async Task ProcessRunner_ReportsInterruptedWithoutStarting_WhenCancelledBeforehand()
    {
        var outcome = await RunAsync(new ProcessStart($"touch '{_temp.File("ran")}'", Log, _noEnvironment), new CancellationToken(canceled: true));

        Assert.IsType<RunOutcome.Interrupted>(outcome);
        Assert.False(File.Exists(_temp.File("ran")));
    }

    [Fact]
    public async Task ProcessRunner_StartsTheJobWithNoBlockedSignalsAndStdinFromDevNull_WhenSpawning()
    {
        var outcome = await RunAsync("grep SigBlk /proc/self/status; cat; echo stdin-closed");

        Assert.Equal(new RunOutcome.Exited(0), outcome);
        Assert.Equal("SigBlk:\t0000000000000000\nstdin-closed\n", await File.ReadAllTextAsync(Log));
    }

    [Fact]
    public async Task ProcessRunner_AddsTheGivenVariablesToTheHostEnvironment_WhenSpawning()
    {
        var environment = new Dictionary<string, string> { ["QUEUECTL_TEST_VALUE"] = "a b|c" };

        var outcome = await RunAsync(
            new ProcessStart("echo \"$QUEUECTL_TEST_VALUE\"; test -n \"$PATH\"", Log, environment), CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(new RunOutcome.Exited(0), outcome);
        Assert.Equal("a b|c\n", await File.ReadAllTextAsync(Log));
    }

    [Fact]
    public async Task ProcessRunner_AppendsToTheLog_WhenTheJobRunsAgain()
    {
        await RunAsync("echo first");
        await RunAsync("echo second >&2");

        Assert.Equal("first\nsecond\n", await File.ReadAllTextAsync(Log));
    }

    [Fact]
    public async Task ProcessRunner_RunsTheCommandTextExactly_WhenItHasQuotesNewlinesAndExpansions()
    {
        var outcome = await RunAsync("printf '%s|' \"it's\" 'a \\ b' \"$0\" \"$#\"\nprintf '%s\\n' 'two\nlines'; exit 3");

        Assert.Equal(new RunOutcome.Exited(3), outcome);
        Assert.Equal("it's|a \\ b|/bin/sh|0|two\nlines\n", await File.ReadAllTextAsync(Log));
    }

    [Fact]
    public async Task ProcessRunner_GivesTheJobDevNullAndTheLogAsStdioAndNoFd3_WhenStarting()
    {
        // Descriptors the test process inherited without close-on-exec would leak into any child; fd 3 is the standby's pipe.
        var outcome = await RunAsync("readlink /proc/$$/fd/0 /proc/$$/fd/1 /proc/$$/fd/2; test -e /proc/$$/fd/3 || echo no-fd-3");

        Assert.Equal(new RunOutcome.Exited(0), outcome);
        Assert.Equal($"/dev/null\n{Log}\n{Log}\nno-fd-3\n", await File.ReadAllTextAsync(Log));
    }

    [Fact]
    public async Task ProcessRunner_RunsALongCommand_WhenItIsLargerThanAPipeBuffer()
    {
        var words = string.Join(' ', Enumerable.Range(0, 2000).Select(i => $"w{i}"));

        var outcome = await RunAsync($"echo {words} | wc -w");

        Assert.Equal(new RunOutcome.Exited(0), outcome);
        Assert.Equal("2000", (await File.ReadAllTextAsync(Log)).Trim());
    }

    [Fact]
    public async Task ProcessRunner_RunsTheLongestCommandEnqueueAccepts()
    {
        var command = "exit 3 #";
        command += new string('x', JobCommands.MaxBytes - command.Length);

        Assert.Equal(new RunOutcome.Exited(3), await RunAsync(command));
    }

    protected string Log => _temp.File("job.log");

    protected string TempFile(string name) => _temp.File(name);

    private protected Task<RunOutcome> RunAsync(string command) =>
        RunAsync(new ProcessStart(command, Log, _noEnvironment), CancellationToken.None).WaitAsync(Timeout);

    protected static async Task<int> PollAsync(Func<int?> probe)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            if (probe() is { } value)
            {
                return value;
            }
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(20);
        }
    }

    public void Dispose()
    {
        _temp.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>What the native runner does and the portable one cannot (see <see cref="PortableJobRunner"/>).</summary>
public abstract class NativeProcessRunnerTests : ProcessRunnerTests
{
    [Fact]
    public async Task ProcessRunner_GivesTheJobTheDefaultSigpipeDisposition_WhenAPipeReaderExitsEarly()
    {
        // With SIGPIPE ignored (as the .NET runtime has it) `yes` would fail with EPIPE (status 1) instead of dying of SIGPIPE (141).
        var outcome = await RunAsync("(yes; echo \"yes=$?\" >&2) | head -n 1 > /dev/null");

        Assert.Equal(new RunOutcome.Exited(0), outcome);
        Assert.Equal("yes=141\n", await File.ReadAllTextAsync(Log));
    }

    [Fact]
    public async Task ProcessRunner_KillsWhatTheJobLeftRunningInItsGroup_WhenTheShellExits()
    {
        var pidFile = TempFile("child.pid");

        Assert.Equal(new RunOutcome.Exited(0), await RunAsync($"sleep 100 & echo $! > '{pidFile}'"));

        var child = OsProcess.ReadPid(pidFile) ?? throw new InvalidOperationException("the job wrote no pid");
        await PollAsync(() => OsProcess.IsAlive(child) ? null : 1);
    }
}

/// <summary>Each run spawned as <c>/bin/sh -c</c>.</summary>
public sealed class SpawnedRunTests : NativeProcessRunnerTests
{
    private protected override Task<RunOutcome> RunAsync(ProcessStart start, CancellationToken cancel) => ProcessRunner.RunAsync(start, cancel);
}
