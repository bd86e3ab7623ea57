using QueueCtl.Actors.Hosting;

namespace QueueCtl.Host;

/// <summary>
/// <c>QueueCtl.Host [--data-dir DIR] [--host HOST:PORT] [--allow-remote]</c>; <c>QUEUECTL_HOME</c> and
/// <c>QUEUECTL_HOST</c> are the defaults, then <c>~/.queuectl</c> and 127.0.0.1:7437. An address beyond loopback is
/// refused unless <c>--allow-remote</c> says so (every connection needs the queue certificate either way).
/// <c>QUEUECTL_RUNNER</c>, when set, chooses the job runner over <c>queuectl.runner</c> (<see cref="Runner"/>, checked here).
/// </summary>
internal sealed record HostArguments(
    string DataDirectory, HostAddress Address, string? Runner = null, HostAddress? MetricsListen = null, bool AllowRemote = false)
{
    public const string AllowRemoteOption = "--allow-remote";

    public const string MetricsListenOption = "--metrics-listen";

    public const string Usage = """
        Usage: QueueCtl.Host [--data-dir DIR] [--host HOST:PORT] [--allow-remote] [--metrics-listen HOST:PORT]
          --data-dir DIR    where queue.db, logs/, host.log and tls/ live (default: $QUEUECTL_HOME or ~/.queuectl)
          --host HOST:PORT  the address to listen on (default: $QUEUECTL_HOST or 127.0.0.1:7437)
          --allow-remote    allow an address other machines can reach; a CLI there needs a copy of DIR/tls/
          --metrics-listen HOST:PORT  serve Prometheus's GET /metrics there (default: queuectl.host.metrics-listen, off)
        Environment: QUEUECTL_RUNNER=auto|native|portable chooses what runs jobs, over queuectl.runner in DIR/host.conf
        """;

    public static (HostArguments? Arguments, string? Error) Parse(IReadOnlyList<string> args)
    {
        string? dataDir = null;
        string? host = null;
        string? metrics = null;
        var allowRemote = false;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--data-dir" when i + 1 < args.Count:
                    dataDir = args[++i];
                    break;
                case "--host" when i + 1 < args.Count:
                    host = args[++i];
                    break;
                case MetricsListenOption when i + 1 < args.Count:
                    metrics = args[++i];
                    break;
                case AllowRemoteOption:
                    allowRemote = true;
                    break;
                case "-h" or "--help":
                    return (null, null);
                default:
                    return (null, $"unexpected argument '{args[i]}'");
            }
        }
        var (address, error) = HostAddress.Resolve(host, Environment.GetEnvironmentVariable(QueueCtlNames.HostEnvironmentVariable));
        if (address is null)
        {
            return (null, error);
        }
        if (ListenAddress.Problem(address, allowRemote) is { } problem)
        {
            return (null, problem);
        }
        HostAddress? metricsListen = null;
        if (metrics is not null)
        {
            if (!HostAddress.TryParse(metrics, out metricsListen, out var metricsError))
            {
                return (null, $"{MetricsListenOption} '{metrics}' is invalid: {metricsError}");
            }
            if (ListenAddress.Problem(metricsListen!, allowRemote, MetricsListenOption) is { } metricsProblem)
            {
                return (null, metricsProblem);
            }
        }
        var runner = Environment.GetEnvironmentVariable(QueueCtlNames.RunnerEnvironmentVariable);
        if (string.IsNullOrWhiteSpace(runner))
        {
            runner = null;
        }
        else if (JobRunnerSetting.Resolve(runner).Error is { } runnerError)
        {
            return (null, $"{QueueCtlNames.RunnerEnvironmentVariable}='{runner}' is invalid: {runnerError}");
        }
        var directory = string.IsNullOrWhiteSpace(dataDir) ? QueueCtlNames.DefaultHome() : Path.GetFullPath(dataDir);
        return (new HostArguments(directory, address, runner?.Trim().ToLowerInvariant(), metricsListen, allowRemote), null);
    }
}
