namespace QueueCtl.Actors.Hosting;

/// <summary>Every name the host and the CLI must agree on, in one place.</summary>
public static class QueueCtlNames
{
    /// <summary>The actor system's name, part of every remote address: <c>akka.ssl.tcp://queuectl@127.0.0.1:7437</c>.</summary>
    public const string SystemName = "queuectl";

    /// <summary>The queue manager (behind its restart supervisor): <c>/user/queuectl</c>.</summary>
    public const string ManagerActorName = "queuectl";

    /// <summary>The parent of the workers, beside the manager so that they outlive its restarts: <c>/user/queuectl-workers</c>.</summary>
    public const string WorkerPoolActorName = "queuectl-workers";

    /// <summary>The host node's own control actor (<c>queuectl host stop</c>): <c>/user/queuectl-host</c>.</summary>
    public const string HostControlActorName = "queuectl-host";

    /// <summary>
    /// Akka.Remote's largest message, which the host and the CLI must both set: a bulk enqueue batch or a long
    /// list fits in one message (Akka's default of 128,000 bytes silently drops larger ones).
    /// </summary>
    public const string MaximumFrameSize = "16MiB";

    /// <summary>What the host prints on stdout once it listens; <c>queuectl host start</c> waits for it.</summary>
    public const string HostReadyLine = "queuectl host ready on";

    public const string DefaultHostname = "127.0.0.1";
    public const int DefaultPort = 7437;
    public static readonly string DefaultHost = $"{DefaultHostname}:{DefaultPort}";

    /// <summary>HOST:PORT of the host node; honoured by the CLI and the host.</summary>
    public const string HostEnvironmentVariable = "QUEUECTL_HOST";

    /// <summary>The data directory (queue.db, logs/); honoured by the CLI and the host. Default <c>~/.queuectl</c>.</summary>
    public const string HomeEnvironmentVariable = "QUEUECTL_HOME";

    /// <summary>Which runner the host starts jobs with (<c>auto</c>, <c>native</c>, <c>portable</c>), over <c>queuectl.runner</c>; honoured by the host.</summary>
    public const string RunnerEnvironmentVariable = "QUEUECTL_RUNNER";

    /// <summary>Set in every job's environment: the job's id.</summary>
    public const string JobIdEnvironmentVariable = "QUEUECTL_JOB_ID";

    /// <summary>Set in every job's environment: which queue and job a process belongs to, to find survivors after a crash.</summary>
    public const string RunMarkerEnvironmentVariable = "QUEUECTL_RUN";

    /// <summary>The scheme of every address: Akka.Remote's TCP transport with TLS (see <c>MutualTls</c>).</summary>
    public const string RemoteScheme = "akka.ssl.tcp";

    public static string ManagerPath(string hostname, int port) =>
        $"{RemoteScheme}://{SystemName}@{hostname}:{port}/user/{ManagerActorName}";

    public static string HostControlPath(string hostname, int port) =>
        $"{RemoteScheme}://{SystemName}@{hostname}:{port}/user/{HostControlActorName}";

    public static string DefaultHome() =>
        Environment.GetEnvironmentVariable(HomeEnvironmentVariable) is { Length: > 0 } home
            ? Path.GetFullPath(home)
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".queuectl");
}
