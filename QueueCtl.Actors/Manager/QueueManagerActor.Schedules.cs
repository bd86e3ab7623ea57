using Akka.Actor;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;

namespace QueueCtl.Actors.Manager;

public sealed partial class QueueManagerActor
{
    /// <summary>
    /// <c>queuectl schedule add / remove / list</c>. Firing needs no timer of its own: <see cref="QueueState.NextDueAt"/>
    /// includes the next firing, so the one due timer wakes for it and <see cref="FireDueSchedules"/> decides the jobs.
    /// </summary>
    private void ScheduleHandlers()
    {
        Command<AddSchedule>(add => Execute(add, Sender));
        Command<RemoveSchedule>(remove => Execute(remove, Sender));
        Command<ListSchedules>(_ => AnswerWhenStored(new ScheduleList([.. _state.Schedules.Values])));
    }

    /// <summary>The due timer fired: jobs whose time came are released, and due schedules enqueue their firing's job.</summary>
    private void ReleaseDueWork()
    {
        Execute(ReleaseDueJobs.Instance, ActorRefs.Nobody);
        Execute(FireDueSchedules.Instance, ActorRefs.Nobody);
    }
}
