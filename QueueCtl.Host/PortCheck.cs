using System.Net;
using System.Net.Sockets;
using QueueCtl.Actors.Hosting;

namespace QueueCtl.Host;

/// <summary>Checks the address is free before the actor system starts, so a taken port gets one clear line, not a stack trace.</summary>
internal static class PortCheck
{
    public static string? Problem(HostAddress address)
    {
        try
        {
            var ip = IPAddress.TryParse(address.Hostname, out var parsed)
                ? parsed
                : Dns.GetHostAddresses(address.Hostname).FirstOrDefault()
                  ?? throw new SocketException((int)SocketError.HostNotFound);
            using var socket = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, false);
            socket.Bind(new IPEndPoint(ip, address.Port));
            return null;
        }
        catch (SocketException e)
        {
            return $"cannot listen on {address}: {e.Message}; stop the host using it ('queuectl host stop') " +
                   "or choose another address with --host / QUEUECTL_HOST";
        }
    }
}
