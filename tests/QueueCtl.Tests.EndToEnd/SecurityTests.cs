using System.Net;
using System.Net.NetworkInformation;
using System.Net.Security;
using System.Security.Authentication;
using System.Net.Sockets;
using System.Text;
using Akka.Actor;
using QueueCtl.Actors.Hosting;
using QueueCtl.Actors.Security;
using QueueCtl.Tests.EndToEnd.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.EndToEnd;

/// <summary>
/// Spec section 5 on the real host: every connection is mutual TLS with the queue's own certificate, strangers are
/// refused and change nothing, a peer that holds the certificate still cannot deploy actors or reach system actors, and
/// the data directory is the owner's alone. Each test compares the queue before and after, on one shared host.
/// </summary>
public sealed class SecurityTests(HostFixture fixture, ITestOutputHelper output) : IClassFixture<HostFixture>
{
    private static readonly TimeSpan RefusalWait = TimeSpan.FromSeconds(5);

    private TestHost Host => fixture.Host;

    private HostAddress HostAt => new("127.0.0.1", Host.Port);

    [Fact]
    public async Task Cli_IsRefusedAndChangesNothing_WhenItHoldsAnotherQueuesCertificate()
    {
        var before = await TotalJobsAsync();
        var stranger = NewHome();
        QueueCertificate.LoadOrCreate(stranger, DateTimeOffset.UtcNow).Dispose();

        var refused = (await RunCliAsync(stranger, "enqueue", "echo intruder")).Exited(3);

        Assert.Contains("do not hold the same queue certificate", refused.Stderr);
        Assert.Equal(before, await TotalJobsAsync());
    }

    [Fact]
    public async Task Cli_IsRefusedWithTheMissingFileNamed_WhenItsHomeHasNoCertificate()
    {
        var before = await TotalJobsAsync();
        var empty = NewHome();

        var refused = (await RunCliAsync(empty, "enqueue", "echo intruder")).Exited(3);

        Assert.Contains($"no queue certificate in {Path.Combine(empty, "tls")}", refused.Stderr);
        Assert.Equal(before, await TotalJobsAsync());
    }

    [Fact]
    public async Task Host_RefusesATlsClientWithoutACertificate_AndKeepsServing()
    {
        var before = await TotalJobsAsync();
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, Host.Port);
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, _, _, _) => true);

        // TLS 1.3 may finish the client's side of the handshake before the server has judged the (absent) client
        // certificate; either way the connection must end without carrying a byte of Akka's protocol.
        var refused = await EndsWithoutDataAsync(async () =>
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "queuectl" });
            return await tls.ReadAsync(new byte[64]);
        });

        Assert.True(refused, "the host kept a TLS connection that presented no client certificate");
        Assert.Equal(before, await TotalJobsAsync());
    }

    [Fact]
    public async Task Host_KeepsServing_WhenSentRandomBytesAndPlainText()
    {
        var before = await TotalJobsAsync();
        var random = new byte[4096];
        new Random(7437).NextBytes(random);
        foreach (var garbage in new[] { random, Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: queuectl\r\n\r\n"), "hello\n"u8.ToArray() })
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(IPAddress.Loopback, Host.Port);
            var stream = tcp.GetStream();
            var ended = await EndsWithoutDataAsync(async () =>
            {
                await stream.WriteAsync(garbage);
                var buffer = new byte[64];
                var read = await stream.ReadAsync(buffer);
                // A TLS alert (content type 21) is a refusal too: what must never come back is anything else.
                return read > 0 && buffer[0] == 21 ? 0 : read;
            });
            Assert.True(ended, $"the host answered {garbage.Length} bytes of garbage with something other than a TLS alert");
        }

        (await Host.Cli.RunAsync("status")).Succeeded();
        Assert.Equal(before, await TotalJobsAsync());
    }

    [Fact]
    public async Task PeerWithTheCertificate_ReachesOnlyTheEntryActors_AndCannotStopOrDeploy()
    {
        await using var peer = Peer.Start(Host.Home);
        var remote = $"{QueueCtlNames.RemoteScheme}://{QueueCtlNames.SystemName}@127.0.0.1:{Host.Port}";

        var entry = await peer.IdentifyAsync(HostAt.ManagerPath, TimeSpan.FromSeconds(10));
        Assert.NotNull(entry); // the certificate gets a peer in, to the entry actor

        foreach (var path in new[] { "/user/queuectl/manager", "/user/queuectl-workers", "/user/queuectl-workers/worker-1", "/system/endpointManager", "/system/remote-watcher", "/user" })
        {
            Assert.Null(await peer.IdentifyAsync(remote + path, RefusalWait));
        }

        // PoisonPill is "possibly harmful", dropped in untrusted mode by selection or by reference; Akka.NET lets Kill
        // through, and the host's guardian restarts the entry actor (RestartWhenKilled) instead of stopping it.
        var before = await TotalJobsAsync();
        peer.System.ActorSelection(HostAt.ManagerPath).Tell(PoisonPill.Instance);
        entry.Tell(PoisonPill.Instance);
        entry.Tell(Kill.Instance);

        // Remote deployment: the same request to a peer that is not in untrusted mode creates the actor, which proves
        // the request itself is sound; the host drops it.
        await using var control = Peer.Start(Host.Home);
        var controlAddress = ((ExtendedActorSystem)control.System).Provider.DefaultAddress;
        Assert.NotNull(await DeployAndIdentifyAsync(peer, controlAddress));
        Assert.Null(await DeployAndIdentifyAsync(peer, Akka.Actor.Address.Parse(remote)));

        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(before, await TotalJobsAsync());
        Assert.NotNull(await peer.IdentifyAsync(HostAt.ManagerPath, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task DataDirectory_IsTheOwnersAlone_WhenTheHostHasRunAJob()
    {
        (await Host.Cli.RunAsync("enqueue", "--id", "private-output", "echo secret")).Succeeded();
        (await Host.Cli.RunAsync("worker", "start")).Succeeded();
        (await Host.Cli.RunAsync("wait", "private-output")).Succeeded();

        Assert.Equal("700", Mode(Host.Home));
        Assert.Equal("700", Mode(Path.Combine(Host.Home, "logs")));
        Assert.Equal("700", Mode(Path.Combine(Host.Home, "tls")));
        foreach (var file in new[] { "queue.db", "queue.db-wal", "queue.db-shm", "host.log", "tls/queuectl.key", "tls/queuectl.crt" })
        {
            Assert.True(Mode(Path.Combine(Host.Home, file)) == "600", $"{file} has mode {Mode(Path.Combine(Host.Home, file))}");
        }
    }

    [Fact]
    public async Task SecondLocalUser_CannotReadTheKeyOrTheOutput_AndIsRefused()
    {
        Assert.True(Environment.UserName == "root" && File.Exists("/usr/sbin/runuser"),
            "this test switches to the user nobody with runuser, which needs root (CI runs as root)");
        (await Host.Cli.RunAsync("enqueue", "--id", "not-for-nobody", "echo secret")).Succeeded();
        (await Host.Cli.RunAsync("worker", "start")).Succeeded();
        (await Host.Cli.RunAsync("wait", "not-for-nobody")).Succeeded();
        var before = await TotalJobsAsync();

        foreach (var file in new[] { "tls/queuectl.key", "logs/not-for-nobody.log", "queue.db" })
        {
            var read = await AsNobodyAsync("cat", Path.Combine(Host.Home, file));
            Assert.True(read.ExitCode != 0 && read.Stdout.Length == 0, $"nobody read {file}:\n{read}");
        }
        var cli = await AsNobodyAsync("env", $"QUEUECTL_HOME={Host.Home}", $"QUEUECTL_HOST={Host.Address}",
            $"DOTNET_ROOT={Binaries.DotnetRoot}", Binaries.Cli, "enqueue", "echo intruder");
        if (cli.Stderr.Contains("Permission denied", StringComparison.Ordinal) && cli.ExitCode is 126 or 127)
        {
            output.WriteLine($"nobody cannot run the CLI where it was built ({Binaries.Cli}); the key and output checks above stand");
        }
        else
        {
            cli.Exited(3);
            Assert.Contains("permission denied", cli.Stderr);
        }
        Assert.Equal(before, await TotalJobsAsync());
    }

    [Fact]
    public async Task Host_ListensBeyondLoopbackOnlyWhenAskedTo()
    {
        var wildcard = await TestHost.RunRefusedHostAsync(NewHome(), $"0.0.0.0:{FreePort.Next()}", "--allow-remote");
        wildcard.Exited(2);
        Assert.Contains("wildcard", wildcard.Stderr);

        var external = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
        Assert.True(external is not null, "this machine has no IPv4 address beyond loopback to test with");
        var address = $"{external}:{FreePort.Next()}";

        var refused = await TestHost.RunRefusedHostAsync(NewHome(), address);
        refused.Exited(2);
        Assert.Contains("--allow-remote", refused.Stderr);

        var home = NewHome();
        var environment = Cli.Environment(home, address);
        environment["QUEUECTL_HOST_EXE"] = Binaries.Host;
        try
        {
            (await Cli.RunProcessAsync(Binaries.Cli, ["host", "start", "--allow-remote"], environment, null, Cli.DefaultTimeout)).Succeeded();
            var status = (await Cli.RunProcessAsync(Binaries.Cli, ["status", "--json"], environment, null, Cli.DefaultTimeout)).Succeeded();
            Assert.Contains($"{QueueCtlNames.RemoteScheme}://{QueueCtlNames.SystemName}@{address}", status.Stdout);
        }
        finally
        {
            await Cli.RunProcessAsync(Binaries.Cli, ["host", "stop"], environment, null, Cli.DefaultTimeout);
        }
    }

    private static async Task<IActorRef?> DeployAndIdentifyAsync(Peer peer, Akka.Actor.Address target)
    {
        var deployed = peer.System.ActorOf(
            Props.Create<Akka.Event.DefaultLogger>().WithDeploy(Deploy.None.WithScope(new RemoteScope(target))));
        return await peer.IdentifyAsync(deployed.Path.ToString(), RefusalWait);
    }

    /// <summary>True when <paramref name="attempt"/> fails, or reads end of stream, within <see cref="RefusalWait"/>.</summary>
    private static async Task<bool> EndsWithoutDataAsync(Func<Task<int>> attempt)
    {
        var run = attempt();
        if (await Task.WhenAny(run, Task.Delay(RefusalWait)) != run)
        {
            return false;
        }
        try
        {
            return await run == 0;
        }
        catch (Exception e) when (e is IOException or SocketException or AuthenticationException)
        {
            return true;
        }
    }

    private async Task<int> TotalJobsAsync() => (await Host.Cli.StatusAsync()).Int("total");

    private Task<CliResult> RunCliAsync(string home, params string[] args) =>
        Cli.RunProcessAsync(Binaries.Cli, args, Cli.Environment(home, Host.Address), stdin: null, Cli.DefaultTimeout);

    private static Task<CliResult> AsNobodyAsync(params string[] command) =>
        Cli.RunProcessAsync("/usr/sbin/runuser", ["-u", "nobody", "--", .. command],
            new Dictionary<string, string?> { ["QUEUECTL_HOME"] = null }, stdin: null, Cli.DefaultTimeout);

    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private static string Mode(string path) => Convert.ToString((int)File.GetUnixFileMode(path), 8);

    private static string NewHome()
    {
        var home = Path.Combine(Path.GetTempPath(), "queuectl-e2e-stranger-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(home);
        return home;
    }
}
