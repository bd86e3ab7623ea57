using System.Net;
using System.Net.Sockets;
namespace QueueCtl.Actors.Hosting;

/// <summary>
/// Whether a host could listen on an address, found by binding it for a moment (nothing connects to anything). The host
/// checks before its actor system starts, so a taken port gets one clear line, not a stack trace; <c>queuectl host
/// start</c> checks whether a host may already be there.
/// </summary>
public static class PortCheck
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
