using QueueCtl.Tests.EndToEnd.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.EndToEnd;

/// <summary>
/// Scenario 5 (spec 4), part one: the queue outlives its host. A graceful stop and a start keep jobs, config and
/// workers; a second host on a data directory or port in use is refused. The crash is in <see cref="CrashRecoveryTests"/>.
/// </summary>
public sealed class DurabilityTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Queue_KeepsJobsConfigAndWorkerCount_WhenTheHostIsStoppedAndStartedAgain()
    {
        await using var host = await TestHost.StartAsync(output);
        var cli = host.Cli;
        (await cli.RunAsync(["enqueue", "-"], """
            {"id":"done1","command":"echo one"}
            {"id":"done2","command":"echo two"}
            {"id":"dead1","command":"exit 7","max_retries":0}
            """)).Succeeded();
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
}
