using System.Net;
using System.Net.Sockets;
using QueueCtl.Actors.Hosting;

namespace QueueCtl.Host;

/// <summary>
/// Which addresses the host may listen on: loopback by default (spec section 4); an address other machines can reach
/// only when asked for with <c>--allow-remote</c>. A wildcard (0.0.0.0, ::) is refused either way: Akka.Remote serves
/// exactly the name it binds, so a CLI must be able to address the host by it.
/// </summary>
internal static class ListenAddress
{
    public static string? Problem(HostAddress address, bool allowRemote, string option = "--host")
    {
        var addresses = Resolve(address.Hostname);
        if (addresses.Length == 0)
        {
            return $"{option} {address}: '{address.Hostname}' is not an address of this machine";
        }
        if (addresses.Any(ip => ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)))
        {
            return $"{option} {address}: a wildcard address cannot be used, because CLIs must reach the host by the very name it listens on; " +
                   $"give this machine's name or IP address (with {HostArguments.AllowRemoteOption})";
        }
        if (!allowRemote && !addresses.All(IPAddress.IsLoopback))
        {
            return $"{option} {address} is reachable from other machines; the host listens beyond loopback only with {HostArguments.AllowRemoteOption} " +
                   "(every connection still needs the queue certificate; see README, \"Who may connect\")";
        }
        return null;
    }

    private static IPAddress[] Resolve(string hostname)
    {
        if (IPAddress.TryParse(hostname, out var ip))
        {
            return [ip];
        }
        try
        {
            return Dns.GetHostAddresses(hostname);
        }
        catch (SocketException)
        {
            return [];
        }
    }
}
