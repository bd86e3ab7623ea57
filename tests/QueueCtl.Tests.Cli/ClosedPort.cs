using System.Net;
using System.Net.Sockets;

namespace QueueCtl.Tests.Cli;

/// <summary>A loopback port nothing listens on: bound once to get a free number, then released.</summary>
internal static class ClosedPort
{
    public static int Next()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public static string HostOption() => $"127.0.0.1:{Next()}";
}
