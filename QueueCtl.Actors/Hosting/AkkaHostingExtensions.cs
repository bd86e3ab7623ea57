using Akka;
using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using Akka.Pattern;
using QueueCtl.Actors.Manager;
using QueueCtl.Actors.Protocol;
using QueueCtl.Actors.Workers;

namespace QueueCtl.Actors.Hosting;

public static class AkkaHostingExtensions
{
    /// <summary>
    /// Adds the queue to an Akka.NET application: the defaults of <c>hocon/queuectl.conf</c> (as a fallback the
    /// application may override), the worker pool at <c>/user/queuectl-workers</c>, the queue manager under a
    /// restart-with-backoff supervisor at <c>/user/queuectl</c> (registered as <see cref="QueueManager"/>), and a
    /// coordinated-shutdown step that lets running jobs finish (or records them as interrupted) before the system stops.
    /// It does not choose a journal: configure Akka.Persistence as the application sees fit.
    /// </summary>
    public static AkkaConfigurationBuilder WithQueueCtl(this AkkaConfigurationBuilder builder, QueueCtlOptions options)
    {
        builder.AddHocon(QueueCtlConfig.Default, HoconAddMode.Append);
        return builder.WithActors((system, registry) =>
        {
            var settings = QueueCtlSettings.From(system.Settings.Config);
            var manager = StartQueue(system, options, settings);
            registry.Register<QueueManager>(manager);
            AddDrain(system, manager, settings);
        });
    }

    /// <summary>The pool and the supervised manager; returns the manager's supervisor, the queue's entry actor.</summary>
    internal static IActorRef StartQueue(ActorSystem system, QueueCtlOptions options, QueueCtlSettings settings)
    {
        // The workers live beside the manager, not under it: a manager restarted after a storage fault finds their
        // jobs still running.
        var pool = system.ActorOf(WorkerPoolActor.Props(options.DataDirectory, settings.Runner, settings.KillGrace), QueueCtlNames.WorkerPoolActorName);
        var supervised = BackoffSupervisor.Props(Backoff.OnStop(
                QueueManagerActor.Props(options, settings, pool),
                childName: "manager",
                minBackoff: settings.RestartBackoffMin,
                maxBackoff: settings.RestartBackoffMax,
                randomFactor: 0.2,
                maxNrOfRetries: -1)
            .WithReplyWhileStopped(new CommandRejected(RejectionKind.Unavailable,
                "the queue is restarting after a storage fault and resumes by itself; try again in a moment (see host.log in the data directory)")));
        return system.ActorOf(supervised, QueueCtlNames.ManagerActorName);
    }

    /// <summary>
    /// The graceful stop: running jobs get the shutdown grace to finish, then are interrupted, and every event is stored
    /// before the system goes on stopping. The phase it runs in must outlast the grace, or the grace is cut short.
    /// </summary>
    private static void AddDrain(ActorSystem system, IActorRef manager, QueueCtlSettings settings)
    {
        var grace = settings.ShutdownGrace;
        var phaseTimeout = settings.DrainPhaseTimeout;
        if (phaseTimeout < grace + QueueCtlSettings.DrainReserve)
        {
            grace = phaseTimeout - QueueCtlSettings.DrainReserve > TimeSpan.Zero ? phaseTimeout - QueueCtlSettings.DrainReserve : TimeSpan.Zero;
            system.Log.Warning(
                "queuectl.shutdown-grace ({0}) does not fit in {1} ({2}) with {3} to spare for stopping the jobs: running jobs get {4}. " +
                "Set that timeout to at least the grace plus {3}", settings.ShutdownGrace, QueueCtlSettings.DrainPhaseTimeoutKey, phaseTimeout,
                QueueCtlSettings.DrainReserve, grace);
        }
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseServiceRequestsDone, "queuectl-drain", async () =>
        {
            try
            {
                var reply = await manager.Ask<object>(new DrainForShutdown(grace), phaseTimeout);
                if (reply is not Drained)
                {
                    system.Log.Warning("The queue could not drain ({0}); running jobs will be recorded as interrupted at the next start", reply);
                }
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
            {
                system.Log.Warning("Running jobs did not stop in time; they will be recorded as interrupted at the next start");
            }
            return Done.Instance;
        });
    }
}
