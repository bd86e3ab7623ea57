using QueueCtl.Tests.EndToEnd.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.EndToEnd;

/// <summary>
/// Issue 11, section 3: a second host on a data directory or a port in use is refused with a clear message and
/// touches nothing: the first host's files are byte for byte as they were, and it keeps serving and running jobs.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SecondHostTests(ITestOutputHelper output)
{
    [Fact]
    public async Task SecondHost_IsRefusedAndTouchesNothing_WhenItsDataDirectoryIsInUse()
    {
        await using var host = await TestHost.StartAsync(output);
        await RunAJobAsync(host, "first");
        var before = FileState.OfDirectory(host.Home);

        var second = await TestHost.RunRefusedHostAsync(host.Home, $"127.0.0.1:{FreePort.Next()}");
        output.WriteLine(second.ToString());

        Assert.True(second.ExitCode == 1, $"expected exit code 1:\n{second}");
        Assert.Contains($"another queuectl host (pid {host.Pid}) is already running on data directory {host.Home}", second.Stderr);
        Assert.Contains("queuectl host stop", second.Stderr);
        Assert.DoesNotContain(TestHost.ReadyLine, second.Stdout);
        Assert.Equal(before, FileState.OfDirectory(host.Home));
        Assert.Equal(host.Pid.ToString(), File.ReadAllText(Path.Combine(host.Home, "host.pid")).Trim());
        await RunAJobAsync(host, "after");
    }

    [Fact]
    public async Task SecondHost_IsRefusedAndTouchesNothing_WhenItsPortIsInUse()
    {
        await using var host = await TestHost.StartAsync(output);
        await RunAJobAsync(host, "first");
        var before = FileState.OfDirectory(host.Home);
        var otherHome = Path.Combine(Path.GetTempPath(), "queuectl-e2e-other-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            var second = await TestHost.RunRefusedHostAsync(otherHome, host.Address);
            output.WriteLine(second.ToString());

            Assert.True(second.ExitCode == 1, $"expected exit code 1:\n{second}");
            Assert.Contains($"cannot listen on {host.Address}", second.Stderr);
            Assert.Contains("--host / QUEUECTL_HOST", second.Stderr);
            Assert.False(Directory.Exists(otherHome), "the refused host made its data directory anyway");
        }
        finally
        {
            if (Directory.Exists(otherHome))
            {
                Directory.Delete(otherHome, recursive: true);
            }
        }
        Assert.Equal(before, FileState.OfDirectory(host.Home));
        await RunAJobAsync(host, "after");
    }

    [Fact]
    public async Task TwoHostsStartedAtOnce_OnlyOneRuns_WhenTheyShareAFreshDataDirectory()
    {
        var home = Path.Combine(Path.GetTempPath(), "queuectl-e2e-race-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(home);
        try
        {
            // Each host runs until it is refused, or for 15 s if it starts; exactly one of the two may start.
            var runs = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Cli.RunProcessAsync(
                "timeout", ["-s", "TERM", "15", Binaries.Host], Cli.Environment(home, $"127.0.0.1:{FreePort.Next()}"), stdin: null,
                TimeSpan.FromSeconds(90))));
            foreach (var run in runs)
            {
                output.WriteLine(run.ToString());
            }
            var started = runs.Where(r => r.Stdout.Contains(TestHost.ReadyLine, StringComparison.Ordinal)).ToList();
            var refused = runs.Where(r => r.Stderr.Contains("another queuectl host", StringComparison.Ordinal)).ToList();
            Assert.Single(started);
            Assert.Single(refused);
            Assert.Equal(1, refused[0].ExitCode);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    private static async Task RunAJobAsync(TestHost host, string id)
    {
        (await host.Cli.RunAsync("enqueue", "--id", id, $"echo {id}")).Succeeded();
        (await host.Cli.RunAsync("worker", "start")).Succeeded();
        (await host.Cli.RunAsync("wait", id)).Succeeded();
        Assert.Equal($"{id}\n", (await host.Cli.RunAsync("logs", id)).Succeeded().Stdout);
        Assert.Equal(host.Pid, (await host.Cli.StatusAsync()).GetProperty("host").Int("pid"));
    }
}
