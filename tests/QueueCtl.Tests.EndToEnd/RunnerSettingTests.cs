using QueueCtl.Tests.EndToEnd.Support;

namespace QueueCtl.Tests.EndToEnd;

/// <summary>
/// The job runner is chosen by <c>queuectl.runner</c> in host.conf or <c>QUEUECTL_RUNNER</c> in the host's environment; a
/// value the host cannot use is refused at start with the setting named, exit 2, before anything runs. (That a valid choice
/// is followed is proved by the Portable* classes: their host says which runner it uses, and <c>TestHost</c> checks.)
/// </summary>
public sealed class RunnerSettingTests : IDisposable
{
    private readonly string _home = Path.Combine(Path.GetTempPath(), "queuectl-e2e-runner-" + Guid.NewGuid().ToString("N")[..12]);

    [Fact]
    public async Task Host_RefusesToStartNamingTheVariable_WhenQueuectlRunnerIsNotARunner()
    {
        var refused = await TestHost.RunRefusedHostAsync(_home, $"127.0.0.1:{FreePort.Next()}", runner: "fast");

        Assert.True(refused.ExitCode == 2, $"expected exit code 2:\n{refused}");
        Assert.Contains("QUEUECTL_RUNNER='fast' is invalid: must be auto, native or portable, not 'fast'", refused.Stderr);
        Assert.DoesNotContain(TestHost.ReadyLine, refused.Stdout);
        Assert.False(Directory.Exists(_home), "the host created its data directory before refusing its arguments");
    }

    [Fact]
    public async Task Host_RefusesToStartNamingTheKey_WhenHostConfAsksForNoRunner()
    {
        Directory.CreateDirectory(_home);
        await File.WriteAllTextAsync(Path.Combine(_home, "host.conf"), "queuectl.runner = fast\n");

        var refused = await TestHost.RunRefusedHostAsync(_home, $"127.0.0.1:{FreePort.Next()}");

        Assert.True(refused.ExitCode == 2, $"expected exit code 2:\n{refused}");
        Assert.Contains($"bad configuration in {Path.Combine(_home, "host.conf")}: queuectl.runner must be auto, native or portable, not 'fast'", refused.Stderr);
        Assert.DoesNotContain(TestHost.ReadyLine, refused.Stdout);
    }

    public void Dispose()
    {
        if (Directory.Exists(_home))
        {
            Directory.Delete(_home, recursive: true);
        }
    }
}
