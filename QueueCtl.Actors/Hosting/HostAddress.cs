using System.Globalization;

namespace QueueCtl.Actors.Hosting;

/// <summary>HOST:PORT of a host node, as given by <c>--host</c> or <c>QUEUECTL_HOST</c>. The CLI must use the very
/// hostname the host binds (Akka.Remote drops messages addressed to another name for the same machine).</summary>
public sealed record HostAddress(string Hostname, int Port)
{
    public static readonly HostAddress Default = new(QueueCtlNames.DefaultHostname, QueueCtlNames.DefaultPort);

    public override string ToString() => $"{Hostname}:{Port}";

    /// <summary>The explicit value, else <c>QUEUECTL_HOST</c>, else 127.0.0.1:7437.</summary>
    public static (HostAddress? Address, string? Error) Resolve(string? explicitValue)
    {
        var text = explicitValue ?? Environment.GetEnvironmentVariable(QueueCtlNames.HostEnvironmentVariable);
        return string.IsNullOrWhiteSpace(text) ? (Default, null) : Parse(text);
    }

    public static (HostAddress? Address, string? Error) Parse(string text)
    {
        var trimmed = text.Trim();
        var colon = trimmed.LastIndexOf(':');
        if (colon <= 0 || colon == trimmed.Length - 1)
        {
            return (null, $"'{text}' is not HOST:PORT; for example 127.0.0.1:{QueueCtlNames.DefaultPort}");
        }
        var host = trimmed[..colon];
        if (!int.TryParse(trimmed[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return (null, $"'{trimmed[(colon + 1)..]}' in '{text}' is not a port from 1 to 65535");
        }
        return (new HostAddress(host, port), null);
    }
}
