using Akka.Configuration;
using QueueCtl.Actors.Hosting;

namespace QueueCtl.Host;

/// <summary>
/// The <c>queuectl.host</c> section of <c>hocon/queuectl.conf</c>: settings of the host node only. <see cref="MetricsListen"/>:
/// where Prometheus's <c>/metrics</c> is served, if anywhere (<c>--metrics-listen</c> overrides it).
/// <see cref="DashboardListen"/>: where <c>queuectl dashboard</c> serves the dashboard (null: <see cref="DefaultDashboardListen"/>).
/// </summary>
internal sealed record HostSettings(string SqliteSynchronous, HostAddress? MetricsListen = null, HostAddress? DashboardListen = null)
{
    public const string MetricsListenKey = "queuectl.host.metrics-listen";

    public const string DashboardListenKey = "queuectl.host.dashboard-listen";

    /// <summary>Loopback and a port the system picks: the link <c>queuectl dashboard</c> prints names it.</summary>
    public static readonly HostAddress DefaultDashboardListen = new(QueueCtlNames.DefaultHostname, 0);

    public static HostSettings From(Config root)
    {
        var synchronous = root.GetString("queuectl.host.sqlite-synchronous", "full").ToLowerInvariant();
        if (!SqlitePragmas.SynchronousModes.Contains(synchronous))
        {
            throw new ArgumentException(
                $"queuectl.host.sqlite-synchronous must be one of {string.Join(", ", SqlitePragmas.SynchronousModes)}, not '{synchronous}'");
        }
        return new HostSettings(synchronous, AddressOrNull(root, MetricsListenKey), AddressOrNull(root, DashboardListenKey));
    }

    private static HostAddress? AddressOrNull(Config root, string key)
    {
        var text = root.GetString(key, "");
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (!HostAddress.TryParse(text, out var address, out var error))
        {
            throw new ArgumentException($"{key} = '{text}' is invalid: {error}");
        }
        return address;
    }
}
