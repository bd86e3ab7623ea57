using QueueCtl.Actors.Hosting;
using QueueCtl.Actors.Security;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using QueueCtl.Cli;

namespace QueueCtl.Tests.Cli;

public class QueueClientTests
{
    [Fact]
    public void ClientHocon_UsesTheDeadlineScheduler_SoAWaitingClientSleepsUntilSomethingIsDue()
    {
        var config = ClientHocon.For(IPAddress.Loopback);

        Assert.Equal(typeof(DeadlineScheduler), Type.GetType(config.GetString("akka.scheduler.implementation"), throwOnError: true));
    }

    [Fact]
    public void ClientHocon_TurnsRemotingWriteBatchingOff_LikeTheHost_SoNoReplyWaitsForTheNextHeartbeat()
    {
        Assert.False(ClientHocon.For(IPAddress.Loopback).GetBoolean("akka.remote.dot-netty.tcp.batching.enabled", true));
        Assert.False(MutualTls.Config().GetBoolean("akka.remote.dot-netty.tcp.batching.enabled", true));
    }

    [Fact]
    public async Task ProbeAsync_ReturnsNullFast_WhenPortClosed()
    {
        var clock = Stopwatch.StartNew();
        var local = await QueueClient.ProbeAsync(new HostAddress("127.0.0.1", ClosedPort.Next()), QueueClient.ProbeTimeout, CancellationToken.None);
        Assert.Null(local);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task ProbeAsync_ReturnsLoopback_WhenSomethingListens()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var local = await QueueClient.ProbeAsync(new HostAddress("127.0.0.1", port), QueueClient.ProbeTimeout, CancellationToken.None);
            Assert.Equal(IPAddress.Loopback, local);
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task RunAsync_ExitsThreeWithinTwoSeconds_WhenPortClosed()
    {
        var address = new HostAddress("127.0.0.1", ClosedPort.Next());
        var clock = Stopwatch.StartNew();
        var outcome = await QueueClient.RunAsync(address, (_, _) => throw new InvalidOperationException("must not run"), CancellationToken.None);
        Assert.Equal(3, outcome.ExitCode);
        Assert.Contains(address.ToString(), outcome.Stderr);
        Assert.Contains("queuectl host start --host", outcome.Stderr);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task RunAsync_ExitsThree_WhenListenerIsNotAQueueHost()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var home = Directory.CreateTempSubdirectory("queuectl-client-").FullName;
        try
        {
            QueueCertificate.LoadOrCreate(home, DateTimeOffset.UtcNow).Dispose();
            var address = new HostAddress("127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port);
            var outcome = await QueueClient.RunAsync(address, (_, _) => throw new InvalidOperationException("must not run"),
                CancellationToken.None, handshakeTimeout: TimeSpan.FromSeconds(1), home: home);
            Assert.Equal(3, outcome.ExitCode);
            Assert.Contains("no queuectl host answered", outcome.Stderr);
        }
        finally
        {
            listener.Stop();
            Directory.Delete(home, recursive: true);
        }
    }
}
