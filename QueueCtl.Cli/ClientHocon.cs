using System.Diagnostics.CodeAnalysis;
using System.Net;
using Akka.Configuration;
using QueueCtl.Actors.Hosting;
using QueueCtl.Actors.Security;

namespace QueueCtl.Cli;

/// <summary>The settings of the CLI's short-lived client actor system, in one place.</summary>
internal static class ClientHocon
{
    /// <summary>
    /// A host that dies mid-call makes the remoting log an ERROR with a stack trace although the CLI reports the failure
    /// itself. So the client logs nothing unless this variable names a level (ERROR, WARNING, INFO, DEBUG) for
    /// troubleshooting, and then on stderr (<see cref="StandardErrorLogger"/>), so <c>--json</c> output stays JSON.
    /// </summary>
    public const string LogLevelEnvironmentVariable = "QUEUECTL_CLIENT_LOGLEVEL";

    /// <summary>
    /// The client's remoting: an ephemeral port on the interface that reaches the host, the same frame size as
    /// the host (16 MiB: bulk enqueue batches), quiet logging, and a short flush on shutdown so a frozen
    /// host cannot add seconds to every call; the <see cref="DeadlineScheduler"/>, which wakes only when a timeout or
    /// heartbeat is due where Akka's own ticks every 10 ms (a <c>queuectl wait</c> on a long job used 4% of a core doing
    /// nothing with it); and a TCP transport that says goodbye before it closes
    /// (<see cref="OrderlyTcpTransport"/>) with TLS and untrusted mode (<see cref="MutualTls"/>), and one I/O thread each for
    /// its one connection and its listening socket, where Akka starts two of each. Akka creates that transport from its name, so the trimmer of a
    /// NativeAOT publish is told to keep its constructor, and the scheduler's.
    /// </summary>
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicConstructors, typeof(OrderlyTcpTransport))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicConstructors, typeof(DeadlineScheduler))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicConstructors, typeof(StandardErrorLogger))]
    public static Config For(IPAddress local)
    {
        var hostname = local.ToString();
        var logLevel = Environment.GetEnvironmentVariable(LogLevelEnvironmentVariable) is { Length: > 0 } level
                       && level.ToUpperInvariant() is "ERROR" or "WARNING" or "INFO" or "DEBUG" or "OFF"
            ? level.ToUpperInvariant()
            : "OFF";
        var settings = ConfigurationFactory.ParseString($$"""
            akka {
              loglevel = {{logLevel}}
              stdout-loglevel = {{logLevel}}
              stdout-logger-class = {{HoconString.Quote($"{typeof(StandardErrorLogger).FullName}, {typeof(StandardErrorLogger).Assembly.GetName().Name}")}}
              log-dead-letters = off
              log-dead-letters-during-shutdown = off
              actor.provider = remote
              remote {
                flush-wait-on-shutdown = 100ms
                log-remote-lifecycle-events = off
                dot-netty.tcp {
                  transport-class = {{HoconString.Quote($"{typeof(OrderlyTcpTransport).FullName}, {typeof(OrderlyTcpTransport).Assembly.GetName().Name}")}}
                  hostname = {{HoconString.Quote(hostname)}}
                  port = 0
                  maximum-frame-size = {{QueueCtlNames.MaximumFrameSize}}
                  server-socket-worker-pool { pool-size-min = 1, pool-size-max = 1 }
                  client-socket-worker-pool { pool-size-min = 1, pool-size-max = 1 }
                }
              }
            }
            """);
        return MutualTls.Config().WithFallback(settings).WithFallback(DeadlineScheduler.Hocon).WithFallback(QueueCtlConfig.Default);
    }
}
