using QueueCtl.Tests.EndToEnd.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.EndToEnd;

/// <summary>
/// Scenario 5 (spec 4), part two, in a class of its own so it runs beside <see cref="DurabilityTests"/>: after a
/// <c>kill -9</c> of the host the running job is recorded as interrupted, its orphaned process is killed by the
/// next host's survivor sweep, and it runs again without spending a retry.
/// </summary>
public sealed class CrashRecoveryTests(ITestOutputHelper output)
{
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
        await cli.WaitForStateAsync("victim", "processing");

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
