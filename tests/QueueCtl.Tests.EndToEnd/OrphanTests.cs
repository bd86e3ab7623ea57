using QueueCtl.Tests.EndToEnd.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.EndToEnd;

/// <summary>
/// Issue 11, section 3, orphans: after a <c>kill -9</c> of the host a running job lives on as orphans, its shell and
/// a <c>sleep 60 &amp;</c> child in its process group. The next host kills the whole group before the job runs again
/// (the second run checks it itself), and <c>show</c> records the interruption. <see cref="CrashRecoveryTests"/>
/// covers a job without children.
/// </summary>
public sealed class OrphanTests(ITestOutputHelper output)
{
    [Fact]
    public async Task KilledHostsJob_HasItsWholeProcessGroupKilledBeforeItRunsAgain_WhenItLeftABackgroundChild()
    {
        await using var host = await TestHost.StartAsync(output);
        var cli = host.Cli;
        var dir = host.Home;
        // Run 1 starts a background child and records both pids, then waits. Run 2 fails (exit 5) if either still
        // lives (not counting a zombie waiting to be reaped), else completes.
        var command =
            $"if [ -e '{dir}/shell.pid' ]; then " +
            $"for p in $(cat '{dir}/shell.pid') $(cat '{dir}/child.pid'); do " +
            "s=$(awk '/^State:/{print $2}' /proc/$p/status 2>/dev/null); " +
            "if [ -n \"$s\" ] && [ \"$s\" != Z ]; then echo \"process $p of run 1 still alive ($s)\"; exit 5; fi; done; " +
            "echo second run; exit 0; fi; " +
            $"sleep 60 & echo $! > '{dir}/child.pid.tmp'; mv '{dir}/child.pid.tmp' '{dir}/child.pid'; " +
            $"echo $$ > '{dir}/shell.pid.tmp'; mv '{dir}/shell.pid.tmp' '{dir}/shell.pid'; sleep 60";
        (await cli.RunAsync("enqueue", "--id", "parent", "--max-retries", "0", command)).Succeeded();
        (await cli.RunAsync("worker", "start")).Succeeded();
        await Eventually.AssertAsync(() => Assert.True(File.Exists(Path.Combine(dir, "shell.pid")), "run 1 has not started"),
            Jobs.DefaultWait, "run 1 started");
        var shell = int.Parse(File.ReadAllText(Path.Combine(dir, "shell.pid")).Trim());
        var child = int.Parse(File.ReadAllText(Path.Combine(dir, "child.pid")).Trim());

        await host.KillAsync();
        Assert.True(JobProcesses.IsAlive(shell), $"the job's shell {shell} died with its host; the sweep would have nothing to do");
        Assert.True(JobProcesses.IsAlive(child), $"the job's child {child} died with its host; the sweep would have nothing to do");
        // The shell a worker started ahead carries the marker without the job's id; what the job started carries its id.
        Assert.Contains(child, JobProcesses.Of(dir).Where(p => p.JobId == "parent").Select(p => p.Pid));

        await host.RestartAsync();
        var waited = await cli.RunAsync("wait", "parent");
        var logs = (await cli.RunAsync("logs", "parent")).Succeeded().Stdout;
        Assert.True(waited.ExitCode == 0, $"run 2 found run 1 alive:\n{logs}\n{waited}");
        Assert.Contains("second run", logs);
        Assert.False(JobProcesses.IsAlive(shell), $"run 1's shell {shell} still lives");
        Assert.False(JobProcesses.IsAlive(child), $"run 1's background child {child} still lives");

        var job = await cli.ShowAsync("parent");
        Assert.Equal("completed", job.Str("state"));
        Assert.Equal(2, job.Int("attempts"));
        Assert.Equal(1, job.Int("interruptions"));
        Assert.Equal(["pending", "processing", "pending", "processing", "completed"], job.HistoryStates());
        Assert.StartsWith("interrupted", job.HistoryReasons()[2]);
    }
}
