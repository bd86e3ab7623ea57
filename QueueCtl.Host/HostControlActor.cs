using Akka.Actor;
using Microsoft.Extensions.Hosting;
using QueueCtl.Actors.Protocol;
using QueueCtl.Host.Dashboard;

namespace QueueCtl.Host;

/// <summary>
/// <c>queuectl host stop</c>: answers, then stops the host the way Ctrl-C does (graceful, with the job grace period).
/// <c>queuectl dashboard</c>: starts the dashboard if it is not served yet, without waiting for it here (the start's task
/// comes back as a message), and answers with its URL holding a new one-time token.
/// </summary>
internal sealed class HostControlActor : ReceiveActor
{
    public HostControlActor(IHostApplicationLifetime lifetime, TimeSpan grace, DashboardServer dashboard)
    {
        Receive<StopHost>(_ =>
        {
            Sender.Tell(new HostStopping(Environment.ProcessId, grace));
            lifetime.StopApplication();
        });
        Receive<OpenDashboard>(_ =>
        {
            var replyTo = Sender;
            dashboard.EnsureStartedAsync().PipeTo(Self,
                success: url => new DashboardStarted(url, replyTo),
                failure: e => new DashboardFailed(e, replyTo));
        });
        Receive<DashboardStarted>(started =>
            started.ReplyTo.Tell(new DashboardOpened($"{started.Url}/?token={dashboard.Access.MintToken()}")));
        Receive<DashboardFailed>(failed => failed.ReplyTo.Tell(new CommandRejected(RejectionKind.Unavailable,
            $"{(failed.Cause is DashboardUnavailableException ? failed.Cause.Message : "the dashboard could not start: " + failed.Cause.Message)}; " +
            "host.log in the data directory says more")));
    }

    public static Props Props(IHostApplicationLifetime lifetime, TimeSpan grace, DashboardServer dashboard) =>
        Akka.Actor.Props.Create(() => new HostControlActor(lifetime, grace, dashboard));

    private sealed record DashboardStarted(string Url, IActorRef ReplyTo);

    private sealed record DashboardFailed(Exception Cause, IActorRef ReplyTo);
}
