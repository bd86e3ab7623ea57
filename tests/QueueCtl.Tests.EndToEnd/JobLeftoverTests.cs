using QueueCtl.Tests.EndToEnd.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.EndToEnd;

/// <summary>
/// A run that ends while a background child of its still runs (<c>sleep 60 &amp;</c>, then exit): the job runs in a
/// process group of its own, so that group can be ended with the run. If it is not, the leftover of a failed attempt
/// runs beside the retry (two runs of one job at once), and a completed job keeps processes of the queue alive.
/// </summary>
public sealed class JobLeftoverTests(ITestOutputHelper output)
{
    [Fact]
    public async Task FailedAttemptsBackgroundChild_IsGoneBeforeTheRetryStarts()
    {
        await using var host = await TestHost.StartAsync(output);
        var cli = host.Cli;
        var dir = host.Home;
        (await cli.RunAsync("config", "set", "backoff-base", "1")).Succeeded();
        // Attempt 1 leaves a child and fails; attempt 2 fails (exit 5) if that child still lives, else completes.
        var command =
            $"if [ -e '{dir}/child.pid' ]; then p=$(cat '{dir}/child.pid'); " +
            "s=$(awk '/^State:/{print $2}' /proc/$p/status 2>/dev/null); " +
            "if [ -n \"$s\" ] && [ \"$s\" != Z ]; then echo \"attempt 1's child $p still alive ($s)\"; exit 5; fi; echo clean; exit 0; fi; " +
            $"sleep 60 & echo $! > '{dir}/child.pid'; exit 1";
        (await cli.RunAsync("enqueue", "--id", "leaver", "--max-retries", "1", command)).Succeeded();
        (await cli.RunAsync("worker", "start")).Succeeded();
        var waited = await cli.RunAsync("wait", "leaver");
        var logs = (await cli.RunAsync("logs", "leaver")).Succeeded().Stdout;
        Assert.True(waited.ExitCode == 0, $"the retry ran beside attempt 1's leftover child:\n{logs}\n{waited}");
        Assert.Contains("clean", logs);
    }

    [Fact]
    public async Task CompletedJob_LeavesNoProcessOfTheQueueRunning()
    {
        await using var host = await TestHost.StartAsync(output);
        var cli = host.Cli;
        (await cli.RunAsync("enqueue", "--id", "daemonish", "sleep 60 & echo started")).Succeeded();
        (await cli.RunAsync("worker", "start")).Succeeded();
        (await cli.RunAsync("wait", "daemonish")).Succeeded();
        await Eventually.AssertAsync(() => Assert.Empty(JobProcesses.Of(host.Home)), TimeSpan.FromSeconds(10),
            "no process of the completed job");
    }
}
