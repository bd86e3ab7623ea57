using Akka.Configuration;
using QueueCtl.Actors.Hosting;

namespace QueueCtl.Host;

/// <summary>
/// The <c>queuectl.host</c> section of <c>hocon/queuectl.conf</c>: settings of the host node only. <see cref="MetricsListen"/>:
/// where Prometheus's <c>/metrics</c> is served, if anywhere (<c>--metrics-listen</c> overrides it).
/// </summary>
internal sealed record HostSettings(string SqliteSynchronous, HostAddress? MetricsListen = null)
{
    public const string MetricsListenKey = "queuectl.host.metrics-listen";

    public static HostSettings From(Config root)
    {
        var synchronous = root.GetString("queuectl.host.sqlite-synchronous", "full").ToLowerInvariant();
        if (!SqlitePragmas.SynchronousModes.Contains(synchronous))
        {
            throw new ArgumentException(
                $"queuectl.host.sqlite-synchronous must be one of {string.Join(", ", SqlitePragmas.SynchronousModes)}, not '{synchronous}'");
        }
        var metrics = root.GetString(MetricsListenKey, "");
        if (string.IsNullOrWhiteSpace(metrics))
        {
            return new HostSettings(synchronous);
        }
        if (!HostAddress.TryParse(metrics, out var address, out var error))
        {
            throw new ArgumentException($"{MetricsListenKey} = '{metrics}' is invalid: {error}");
        }
        return new HostSettings(synchronous, address);
    }
}
