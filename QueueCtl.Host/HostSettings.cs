using Akka.Configuration;

namespace QueueCtl.Host;

/// <summary>The <c>queuectl.host</c> section of <c>hocon/queuectl.conf</c>: settings of the host node only.</summary>
internal sealed record HostSettings(string SqliteSynchronous)
{
    public static HostSettings From(Config root)
    {
        var synchronous = root.GetString("queuectl.host.sqlite-synchronous", "full").ToLowerInvariant();
        if (!SqlitePragmas.SynchronousModes.Contains(synchronous))
        {
            throw new ArgumentException(
                $"queuectl.host.sqlite-synchronous must be one of {string.Join(", ", SqlitePragmas.SynchronousModes)}, not '{synchronous}'");
        }
        return new HostSettings(synchronous);
    }
}
