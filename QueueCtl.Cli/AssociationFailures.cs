using Akka.Actor;
using Akka.Remote;
using QueueCtl.Actors.Hosting;

namespace QueueCtl.Cli;

/// <summary>
/// Why the client's connection to the host failed, as soon as Akka.Remote reports it: nothing listening, or a TLS
/// handshake that one side refused. Without it a failed connection would only show as an Ask that times out.
/// </summary>
internal static class AssociationFailures
{
    /// <summary>Completes with the cause of the first failed association with <paramref name="host"/>; never before.</summary>
    public static async Task<Exception> FirstAsync(ActorSystem system, HostAddress host, CancellationToken stop)
    {
        var inbox = Inbox.Create(system);
        system.EventStream.Subscribe(inbox.Receiver, typeof(AssociationErrorEvent));
        while (true)
        {
            object message;
            try
            {
                message = await inbox.ReceiveAsync(TimeSpan.FromHours(1)).WaitAsync(stop);
            }
            catch (TimeoutException)
            {
                continue;
            }
            if (message is AssociationErrorEvent error && error.RemoteAddress.Port == host.Port
                && string.Equals(error.RemoteAddress.Host, host.Hostname, StringComparison.OrdinalIgnoreCase))
            {
                return error.Cause;
            }
        }
    }
}
