using Akka.Actor;
using QueueCtl.Actors.Manager;

namespace QueueCtl.Actors.Workers;

/// <summary>
/// The parent and supervisor of the workers. The manager owns the slots (see <see cref="WorkerSlots{TWorker}"/>): it gives
/// a job straight to an idle worker, and sends it here only when it needs a new one, which this actor starts and forwards
/// the job to, so the worker knows the manager as its sender. A crashed worker is restarted (its job is reported
/// interrupted by the worker itself); the manager stops idle workers beyond the configured count.
/// </summary>
internal sealed class WorkerRouterActor : ReceiveActor
{
    private int _nextWorkerId;

    public WorkerRouterActor(string queueKey)
    {
        Receive<RunJob>(job => Context.ActorOf(WorkerActor.Props(queueKey), $"worker-{++_nextWorkerId}").Forward(job));
        Receive<InterruptRuns>(interrupt =>
        {
            foreach (var worker in Context.GetChildren())
            {
                worker.Tell(interrupt); // an idle worker ignores it
            }
        });
    }

    public static Props Props(string queueKey) => Akka.Actor.Props.Create(() => new WorkerRouterActor(queueKey));

    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(Decider.From(Directive.Restart));
}
