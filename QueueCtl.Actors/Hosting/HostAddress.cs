using System.Globalization;

namespace QueueCtl.Actors.Hosting;

/// <summary>
/// HOST:PORT of a host node, exactly as the host binds it: Akka.Remote drops messages addressed to
/// <c>localhost</c> when the host bound <c>127.0.0.1</c>, so the hostname is kept verbatim.
/// </summary>
public sealed record HostAddress(string Hostname, int Port)
{
    public static readonly HostAddress Default = new(QueueCtlNames.DefaultHostname, QueueCtlNames.DefaultPort);

    /// <summary>The address from <c>--host</c>, else <c>QUEUECTL_HOST</c>, else the default; or why it is invalid.</summary>
    public static (HostAddress? Address, string? Error) Resolve(string? option, string? environment)
    {
        if (!string.IsNullOrWhiteSpace(option))
        {
            return TryParse(option, out var fromOption, out var error)
                ? (fromOption, null)
                : (null, $"--host '{option}' is invalid: {error}");
        }
        if (!string.IsNullOrWhiteSpace(environment))
        {
            return TryParse(environment, out var fromEnvironment, out var error)
                ? (fromEnvironment, null)
                : (null, $"{QueueCtlNames.HostEnvironmentVariable}='{environment}' is invalid: {error}");
        }
        return (Default, null);
    }

    /// <summary>Parses <c>HOST:PORT</c>; an IPv6 host goes in brackets: <c>[::1]:7437</c>.</summary>
    public static bool TryParse(string text, out HostAddress? address, out string? error)
    {
        address = null;
        var trimmed = text.Trim();
        string host;
        string port;
        if (trimmed.StartsWith('['))
        {
            var close = trimmed.IndexOf("]:", StringComparison.Ordinal);
            if (close < 0)
            {
                error = "expected [IPV6]:PORT";
                return false;
            }
            host = trimmed[1..close];
            port = trimmed[(close + 2)..];
        }
        else
        {
            var colon = trimmed.LastIndexOf(':');
            if (colon < 0 || trimmed.IndexOf(':') != colon)
            {
                error = "expected HOST:PORT, for example 127.0.0.1:7437";
                return false;
            }
            host = trimmed[..colon];
            port = trimmed[(colon + 1)..];
        }
        if (host.Length == 0 || host.Any(char.IsWhiteSpace))
        {
            error = "the host name is empty or contains spaces";
            return false;
        }
        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
        {
            error = $"the port must be a number from 1 to 65535, not '{port}'";
            return false;
        }
        address = new HostAddress(host, number);
        error = null;
        return true;
    }

    /// <summary>Whether the host is on this machine's loopback interface (an IP literal, or <c>localhost</c>).</summary>
    public bool IsLoopback =>
        System.Net.IPAddress.TryParse(Hostname, out var ip) ? System.Net.IPAddress.IsLoopback(ip) : Hostname == "localhost";

    /// <summary>The hostname as it appears in an Akka address (IPv6 in brackets).</summary>
    public string AkkaHostname => Hostname.Contains(':') ? $"[{Hostname}]" : Hostname;

    public string ManagerPath => QueueCtlNames.ManagerPath(AkkaHostname, Port);

    public string HostControlPath => QueueCtlNames.HostControlPath(AkkaHostname, Port);

    public override string ToString() => $"{AkkaHostname}:{Port}";
}
