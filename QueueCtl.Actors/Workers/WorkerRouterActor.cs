using Akka.Actor;
using QueueCtl.Actors.Manager;

namespace QueueCtl.Actors.Workers;

/// <summary>
/// The router in front of the workers. The manager owns the slots (it sends a job only while fewer than the
/// configured count run), so the router always has an idle worker to hand it to, creating one when needed.
/// It forwards each job, so the worker reports the outcome straight to the manager; the worker tells the router
/// it is idle first, so that notice is in the router's mailbox before the manager can send the next job.
/// A crashed worker is restarted (its job is reported interrupted by the worker itself).
/// </summary>
internal sealed class WorkerRouterActor : ReceiveActor
{
    private readonly string _queueKey;
    private readonly Stack<IActorRef> _idle = new();
    private readonly HashSet<IActorRef> _busy = [];
    private int _size;
    private int _nextWorkerId;

    public WorkerRouterActor(string queueKey)
    {
        _queueKey = queueKey;
        Receive<RunJob>(job =>
        {
            var worker = _idle.Count > 0 ? _idle.Pop() : Context.ActorOf(WorkerActor.Props(_queueKey), $"worker-{++_nextWorkerId}");
            _busy.Add(worker);
            worker.Forward(job);
        });
        Receive<WorkerIdle>(_ =>
        {
            if (_busy.Remove(Sender))
            {
                _idle.Push(Sender);
                TrimIdle();
            }
        });
        Receive<ResizePool>(resize =>
        {
            _size = resize.Count;
            TrimIdle();
        });
        Receive<InterruptRuns>(interrupt =>
        {
            foreach (var worker in _busy)
            {
                worker.Tell(interrupt);
            }
        });
    }

    public static Props Props(string queueKey) => Akka.Actor.Props.Create(() => new WorkerRouterActor(queueKey));

    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(Decider.From(Directive.Restart));

    /// <summary>After <c>worker start --count</c> shrinks the pool or <c>worker stop</c>, idle workers beyond the size stop.</summary>
    private void TrimIdle()
    {
        while (_idle.Count > 0 && _idle.Count + _busy.Count > _size)
        {
            Context.Stop(_idle.Pop());
        }
    }
}
