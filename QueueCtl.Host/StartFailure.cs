using System.Net.Sockets;
using QueueCtl.Actors.Hosting;

namespace QueueCtl.Host;

/// <summary>One line for an actor system that failed to start, instead of a nest of AggregateExceptions.</summary>
internal static class StartFailure
{
    public static string Describe(Exception failure, HostAddress address, string hostLog)
    {
        if (Find<Metrics.MetricsListenException>(failure) is { } metrics)
        {
            return metrics.Message;
        }
        var root = Innermost(failure);
        return root is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }
            ? $"cannot listen on {address}: {root.Message}; stop the host using it ('queuectl host stop') " +
              "or choose another address with --host / QUEUECTL_HOST"
            : $"could not start: {root.Message}; the details are in {hostLog}";
    }

    private static T? Find<T>(Exception failure) where T : Exception
    {
        for (Exception? current = failure; current is not null; current = current is AggregateException aggregate
                 ? aggregate.Flatten().InnerExceptions.FirstOrDefault() : current.InnerException)
        {
            if (current is T found)
            {
                return found;
            }
        }
        return null;
    }

    private static Exception Innermost(Exception failure)
    {
        var current = failure;
        while (true)
        {
            var next = current is AggregateException aggregate ? aggregate.Flatten().InnerExceptions.FirstOrDefault() : current.InnerException;
            if (next is null)
            {
                return current;
            }
            current = next;
        }
    }
}
