using Akka.Actor;
using QueueCtl.Actors.Protocol;

namespace QueueCtl.Host.Dashboard;

/// <summary>
/// The dashboard's one way into the queue: the protocol messages the CLI sends, asked of the same manager. Ask belongs
/// here, at the HTTP edge, as it does in the CLI's QueueClient; no actor waits on it.
/// </summary>
internal sealed class DashboardQueue(IActorRef manager)
{
    public static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    public async Task<object> AskAsync(IQueueCtlMessage message, CancellationToken cancellation)
    {
        try
        {
            return await manager.Ask<object>(message, AskTimeout, cancellation);
        }
        catch (AskTimeoutException)
        {
            return new CommandRejected(RejectionKind.Unavailable,
                $"the queue did not answer within {AskTimeout.TotalSeconds:0} s; see host.log in the data directory");
        }
    }
}
