using Akka.Configuration;
using QueueCtl.Actors.Domain;

namespace QueueCtl.Actors.Hosting;

/// <summary>The <c>queuectl</c> section of HOCON (defaults in <c>hocon/queuectl.conf</c>), read and checked once.</summary>
public sealed record QueueCtlSettings(
    QueueSettings Defaults,
    int SnapshotEvery,
    TimeSpan ShutdownGrace,
    TimeSpan RestartBackoffMin,
    TimeSpan RestartBackoffMax,
    int LogChunkBytes)
{
    public static QueueCtlSettings From(Config root)
    {
        var c = root.GetConfig("queuectl") ?? throw new ArgumentException("HOCON has no 'queuectl' section; add QueueCtlConfig.Default");
        var defaults = new QueueSettings(
            c.GetInt("max-retries"),
            c.GetDouble("backoff-base"),
            c.GetInt("backoff-max-seconds")).Validated();
        var settings = new QueueCtlSettings(
            defaults,
            c.GetInt("snapshot-every"),
            c.GetTimeSpan("shutdown-grace"),
            c.GetTimeSpan("restart-backoff-min"),
            c.GetTimeSpan("restart-backoff-max"),
            c.GetInt("log-chunk-bytes"));
        if (settings.SnapshotEvery < 1 || settings.LogChunkBytes < 1024 || settings.ShutdownGrace < TimeSpan.Zero)
        {
            throw new ArgumentException("queuectl.snapshot-every must be >= 1, log-chunk-bytes >= 1024, shutdown-grace >= 0");
        }
        return settings;
    }
}
