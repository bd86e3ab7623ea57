using Akka.Actor;
using Microsoft.Extensions.Hosting;
using QueueCtl.Actors.Protocol;

namespace QueueCtl.Host;

/// <summary><c>queuectl host stop</c>: answers, then stops the host the way Ctrl-C does (graceful, with the job grace period).</summary>
internal sealed class HostControlActor : ReceiveActor
{
    public HostControlActor(IHostApplicationLifetime lifetime, TimeSpan grace)
    {
        Receive<StopHost>(_ =>
        {
            Sender.Tell(new HostStopping(Environment.ProcessId, grace));
            lifetime.StopApplication();
        });
    }

    public static Props Props(IHostApplicationLifetime lifetime, TimeSpan grace) =>
        Akka.Actor.Props.Create(() => new HostControlActor(lifetime, grace));
}
