using System.Diagnostics;
using QueueCtl.Tests.EndToEnd.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.EndToEnd;

/// <summary>
/// <c>queuectl wait</c> waits as long as the host lives: through a job longer than Akka's remote failure detector
/// pause (the host runs in untrusted mode, which drops remote DeathWatch heartbeats; a watch made every wait over about
/// 15 s end with exit 3 although the host was fine), and no longer than the host: a <c>kill -9</c> of the host during
/// the wait ends it with exit 3 and the address.
/// </summary>
public sealed class WaitThroughFaultsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Wait_ReturnsTheCompletedJob_WhenItRunsLongerThanTheRemoteFailureDetectorPause()
    {
        await using var host = await TestHost.StartAsync(output);
        var cli = host.Cli;
        (await cli.RunAsync("enqueue", "--id", "long", "--max-retries", "0", "sleep 22; echo finished")).Succeeded();
        (await cli.RunAsync("worker", "start")).Succeeded();

        var waited = (await cli.RunAsync("wait", "long")).Succeeded();

        output.WriteLine(waited.ToString());
        Assert.True(waited.Elapsed > TimeSpan.FromSeconds(18), $"wait returned after {waited.Elapsed}, before the job could finish");
        Assert.Contains("completed", waited.Stdout);
    }

    [Fact]
    public async Task Wait_ExitsThreeNamingTheAddress_WhenTheHostIsKilledWhileItWaits()
    {
        await using var host = await TestHost.StartAsync(output);
        var cli = host.Cli;
        (await cli.RunAsync("enqueue", "--id", "forever", "--max-retries", "0", "sleep 120")).Succeeded();
        (await cli.RunAsync("worker", "start")).Succeeded();
        await cli.WaitForStateAsync("forever", "processing");

        var waiting = cli.RunAsync("wait", "forever");
        // Let the wait connect and ask (the CLI takes about a second to start); the assertion is on how it ends.
        await Eventually.AssertAsync(() => Assert.Contains(JobProcesses.All(host.Home), p => p.CommandLine.Contains("sleep 120")),
            TimeSpan.FromSeconds(10), "the job running");
        await Task.Delay(TimeSpan.FromSeconds(3));
        var killedAt = Stopwatch.StartNew();
        await host.KillAsync();
        var waited = await waiting;

        output.WriteLine(waited.ToString());
        waited.Exited(3);
        Assert.Contains($"the host at {host.Address} stopped before it answered", waited.Stderr);
        Assert.True(killedAt.Elapsed < TimeSpan.FromSeconds(15), $"wait noticed the killed host only after {killedAt.Elapsed}");
    }
}
