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
    int LogChunkBytes,
    TimeSpan DrainPhaseTimeout,
    JobRunnerKind Runner,
    TimeSpan KillGrace,
    int CompactEvery = 10_000)
{
    /// <summary>Between SIGTERM and SIGKILL for a timed-out job; <c>queuectl.kill-grace</c> in <c>hocon/queuectl.conf</c>.</summary>
    public static readonly TimeSpan DefaultKillGrace = TimeSpan.FromSeconds(5);

    /// <summary>Which runner starts the jobs: <c>auto</c>, <c>native</c> or <c>portable</c> (see <see cref="JobRunnerSetting"/>).</summary>
    public const string RunnerKey = "queuectl.runner";

    /// <summary>The coordinated-shutdown phase the drain runs in; its timeout bounds the whole drain.</summary>
    public const string DrainPhaseTimeoutKey = "akka.coordinated-shutdown.phases.service-requests-done.timeout";

    /// <summary>What the drain keeps of its phase, beyond the grace, to kill the jobs and store their interruptions.</summary>
    public static readonly TimeSpan DrainReserve = TimeSpan.FromSeconds(10);

    /// <summary>HOCON that makes the drain's phase long enough for <paramref name="grace"/>.</summary>
    public static string DrainPhaseFor(TimeSpan grace) =>
        $"{DrainPhaseTimeoutKey} = {(long)Math.Ceiling((grace + DrainReserve + DrainReserve).TotalMilliseconds)}ms";

    public static QueueCtlSettings From(Config root)
    {
        var c = root.GetConfig("queuectl") ?? throw new ArgumentException("HOCON has no 'queuectl' section; add QueueCtlConfig.Default");
        var (runner, runnerError) = JobRunnerSetting.Resolve(c.GetString("runner") ?? "");
        if (runner is null)
        {
            throw new ArgumentException($"{RunnerKey} {runnerError}");
        }
        var defaults = new QueueSettings(
            c.GetInt("max-retries"),
            c.GetDouble("backoff-base"),
            c.GetInt("backoff-max-seconds"),
            c.GetInt("job-timeout-seconds", 0))
            .WithText(QueueSettings.KeepCompletedForKey, c.GetString("keep-completed-for", "7d"))
            .WithText(QueueSettings.KeepCompletedMaxKey, c.GetString("keep-completed-max", "100000"))
            .WithText(QueueSettings.KeepDeadForKey, c.GetString("keep-dead-for", QueueSettings.Forever))
            .WithText(QueueSettings.KeepDeadMaxKey, c.GetString("keep-dead-max", "100000"))
            .Validated();
        var settings = new QueueCtlSettings(
            defaults,
            c.GetInt("snapshot-every"),
            c.GetTimeSpan("shutdown-grace"),
            c.GetTimeSpan("restart-backoff-min"),
            c.GetTimeSpan("restart-backoff-max"),
            c.GetInt("log-chunk-bytes"),
            root.GetTimeSpan(DrainPhaseTimeoutKey, TimeSpan.FromSeconds(10)),
            runner.Value,
            c.GetTimeSpan("kill-grace", DefaultKillGrace),
            c.GetInt("compact-every", 10_000));
        if (settings.SnapshotEvery < 1 || settings.CompactEvery < 1 || settings.LogChunkBytes < 1024 || settings.ShutdownGrace < TimeSpan.Zero
            || settings.KillGrace < TimeSpan.Zero || settings.KillGrace > TimeSpan.FromHours(1))
        {
            throw new ArgumentException(
                "queuectl.snapshot-every and compact-every must be >= 1, log-chunk-bytes >= 1024, shutdown-grace >= 0, kill-grace from 0 to 1h");
        }
        return settings;
    }
}
