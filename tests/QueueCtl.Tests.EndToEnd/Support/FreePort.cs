using System.Net;
using System.Net.Sockets;

namespace QueueCtl.Tests.EndToEnd.Support;

/// <summary>A loopback port nothing listens on right now: bound once to get a free number, then released.</summary>
internal static class FreePort
{
    public static int Next()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
