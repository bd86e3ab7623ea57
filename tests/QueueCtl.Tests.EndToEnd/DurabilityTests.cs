using QueueCtl.Tests.EndToEnd.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.EndToEnd;

/// <summary>
/// Scenario 5 (spec 4): the queue outlives its host. A graceful stop and a start keep jobs, config and workers;
/// after a <c>kill -9</c> the running job is recorded as interrupted, its orphaned process is killed, and it runs
/// again; a data directory or port in use is refused.
/// </summary>
public sealed class DurabilityTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Queue_KeepsJobsConfigAndWorkerCount_WhenTheHostIsStoppedAndStartedAgain()
    {
        await using var host = await TestHost.StartAsync(output);
        var cli = host.Cli;
        (await cli.RunAsync("enqueue", "--id", "done1", "echo one")).Succeeded();
        (await cli.RunAsync("enqueue", "--id", "done2", "echo two")).Succeeded();
        (await cli.RunAsync("enqueue", "--id", "dead1", "--max-retries", "0", "exit 7")).Succeeded();
        (await cli.RunAsync("config", "set", "max-retries", "5")).Succeeded();
        (await cli.RunAsync("worker", "start", "--count", "2")).Succeeded();
        (await cli.RunAsync("wait", "done1", "done2", "dead1")).Exited(4);
        var before = (await cli.ListAsync()).Summary();

        var stop = await host.StopAsync();
        stop.Succeeded();
        Assert.Contains("Host stopped", stop.Stdout);
        (await cli.RunAsync("status")).Exited(3);

        await host.RestartAsync();
        Assert.Equal(before, (await cli.ListAsync()).Summary());
        Assert.Equal("5", (await cli.RunAsync("config", "get", "max-retries")).Succeeded().Stdout.Trim());
        var status = await cli.StatusAsync();
        Assert.Equal(2, status.Int("workers_configured"));
        Assert.Equal(host.Pid, status.GetProperty("host").Int("pid"));
        Assert.Equal("two\n", (await cli.RunAsync("logs", "done2")).Succeeded().Stdout);

        // The remembered workers run new jobs at once, and the stored config applies to them.
        (await cli.RunAsync("enqueue", "--id", "after", "echo after")).Succeeded();
        (await cli.RunAsync("wait", "after")).Succeeded();
        Assert.Equal(5, (await cli.ShowAsync("after")).Int("max_retries"));
    }

    [Fact]
    public async Task RunningJob_IsInterruptedItsOrphanKilledAndRunAgain_WhenTheHostIsKilled()
    {
        await using var host = await TestHost.StartAsync(output);
        var cli = host.Cli;
        var pidFile = Path.Combine(host.Home, "victim.pid");
        // The first run records its shell's pid and sleeps; the run after the restart finds the file and completes.
        var command = $"if [ -e '{pidFile}' ]; then echo second run; exit 0; fi; echo $$ > '{pidFile}.tmp'; mv '{pidFile}.tmp' '{pidFile}'; sleep 30";
        (await cli.RunAsync("enqueue", "--id", "victim", "--max-retries", "0", command)).Succeeded();
        (await cli.RunAsync("worker", "start")).Succeeded();
        await Eventually.AssertAsync(() => Assert.True(File.Exists(pidFile), "the job has not started yet"), Jobs.DefaultWait, "the job's pid file");
        var pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("processing", (await cli.ShowAsync("victim")).Str("state"));

        await host.KillAsync();
        Assert.True(IsAlive(pid), $"the job's process {pid} died with its host; the survivor sweep would have nothing to do");

        await host.RestartAsync();
        await Eventually.AssertAsync(() => Assert.False(IsAlive(pid), $"process {pid} of the killed host's run still lives"),
            TimeSpan.FromSeconds(30), "the survivor sweep");
        var waited = (await cli.RunAsync("wait", "victim")).Succeeded();
        Assert.Contains("completed", waited.Stdout);

        var job = await cli.ShowAsync("victim");
        Assert.Equal("completed", job.Str("state"));
        Assert.Equal(1, job.Int("interruptions"));
        Assert.Equal(2, job.Int("attempts"));
        Assert.Equal(0, job.IntOrNull("exit_code"));
        Assert.Contains(job.HistoryReasons(), reason => reason.StartsWith("interrupted", StringComparison.Ordinal));
        Assert.Equal(["pending", "processing", "pending", "processing", "completed"], job.HistoryStates());
        Assert.Contains("second run", (await cli.RunAsync("logs", "victim")).Succeeded().Stdout);
    }

    [Fact]
    public async Task SecondHost_IsRefused_WhenTheDataDirectoryOrThePortIsInUse()
    {
        await using var host = await TestHost.StartAsync(output);

        var sameDirectory = await TestHost.RunRefusedHostAsync(host.Home, $"127.0.0.1:{FreePort.Next()}");
        Assert.True(sameDirectory.ExitCode == 1, $"expected exit code 1:\n{sameDirectory}");
        Assert.Contains("another queuectl host", sameDirectory.Stderr);
        Assert.Contains($"pid {host.Pid}", sameDirectory.Stderr);
        Assert.Contains(host.Home, sameDirectory.Stderr);

        var otherHome = Path.Combine(Path.GetTempPath(), "queuectl-e2e-port-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            var samePort = await TestHost.RunRefusedHostAsync(otherHome, host.Address);
            Assert.True(samePort.ExitCode == 1, $"expected exit code 1:\n{samePort}");
            Assert.Contains($"cannot listen on {host.Address}", samePort.Stderr);
        }
        finally
        {
            if (Directory.Exists(otherHome))
            {
                Directory.Delete(otherHome, recursive: true);
            }
        }

        var status = await host.Cli.StatusAsync();
        Assert.Equal(host.Pid, status.GetProperty("host").Int("pid"));
    }

    /// <summary>A process that is gone, or a zombie (killed, waiting for init to reap it), is not alive.</summary>
    private static bool IsAlive(int pid)
    {
        try
        {
            var status = File.ReadAllLines($"/proc/{pid}/status");
            return !status.Any(line => line.StartsWith("State:", StringComparison.Ordinal) && line.Contains("zombie", StringComparison.Ordinal));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
