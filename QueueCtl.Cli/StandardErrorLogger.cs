using Akka.Event;

namespace QueueCtl.Cli;

/// <summary>
/// Akka's log lines of the client, when <c>QUEUECTL_CLIENT_LOGLEVEL</c> asks for them, on stderr: Akka's own logger
/// writes to stdout, where they would break <c>--json</c> output and any script reading it.
/// </summary>
public sealed class StandardErrorLogger : MinimalLogger
{
    protected override void Log(object message) => Console.Error.WriteLine(message);
}
