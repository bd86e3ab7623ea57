using Akka;
using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using Akka.Pattern;
using QueueCtl.Actors.Manager;

namespace QueueCtl.Actors.Hosting;

public static class AkkaHostingExtensions
{
    /// <summary>
    /// Adds the queue to an Akka.NET application: the defaults of <c>hocon/queuectl.conf</c> (as a fallback the
    /// application may override), the queue manager under a restart-with-backoff supervisor at
    /// <c>/user/queuectl</c> (registered as <see cref="QueueManager"/>), and a coordinated-shutdown step that
    /// lets running jobs finish (or records them as interrupted) before the system stops.
    /// It does not choose a journal: configure Akka.Persistence as the application sees fit.
    /// </summary>
    public static AkkaConfigurationBuilder WithQueueCtl(this AkkaConfigurationBuilder builder, QueueCtlOptions options)
    {
        builder.AddHocon(QueueCtlConfig.Default, HoconAddMode.Append);
        return builder.WithActors((system, registry) =>
        {
            var settings = QueueCtlSettings.From(system.Settings.Config);
            var supervised = BackoffSupervisor.Props(Backoff.OnStop(
                QueueManagerActor.Props(options, settings),
                childName: "manager",
                minBackoff: settings.RestartBackoffMin,
                maxBackoff: settings.RestartBackoffMax,
                randomFactor: 0.2,
                maxNrOfRetries: -1));
            var manager = system.ActorOf(supervised, QueueCtlNames.ManagerActorName);
            registry.Register<QueueManager>(manager);

            CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseServiceRequestsDone, "queuectl-drain", async () =>
            {
                try
                {
                    await manager.Ask<Drained>(new DrainForShutdown(settings.ShutdownGrace), settings.ShutdownGrace + TimeSpan.FromSeconds(10));
                }
                catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
                {
                    system.Log.Warning("Running jobs did not stop in time; they will be recorded as interrupted at the next start");
                }
                return Done.Instance;
            });
        });
    }
}
