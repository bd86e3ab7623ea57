using Akka.Actor;
using Akka.Event;
using QueueCtl.Actors.Domain;

namespace QueueCtl.Actors.Manager;

public sealed partial class QueueManagerActor
{
    /// <summary>
    /// After recovery, until every worker of the pool has reported the run it holds: the journal may show jobs running
    /// that no process runs any more, so the queue answers nothing (it stashes) until it knows which.
    /// </summary>
    private void Starting()
    {
        Command<WorkersReported>(reported =>
        {
            _firstReport = reported.FirstReport;
            foreach (var worker in reported.Workers)
            {
                Context.Watch(worker);
                _unreported.Add(worker);
                worker.Tell(ReportRun.Instance);
            }
            ResumeIfAllReported();
        });
        Command<RunReported>(reported =>
        {
            if (!_unreported.Remove(Sender))
            {
                return;
            }
            if (reported.LastFinished is { } last)
            {
                // Possibly sent to this actor's previous incarnation and lost; a repeat is recognised as stale.
                Execute(new RecordRunOutcome(last.JobId, last.Attempt, last.Outcome), ActorRefs.Nobody);
            }
            _workers.Attach(Sender, reported.Current);
            if (reported.Current is { } run && !(_state.Find(run.JobId) is { State: JobState.Processing } job && job.Attempts == run.Attempt))
            {
                _log.Warning("Worker {0} runs attempt {1} of job {2}, which the journal does not hold running; stopping that run",
                    Sender.Path.Name, run.Attempt, run.JobId);
                Sender.Tell(new InterruptRuns("the queue does not hold this run", Counted: false));
            }
            ResumeIfAllReported();
        });
        Command<Terminated>(OnWorkerTerminated);
        CommandAny(_ => Stash.Stash());
    }

    /// <summary>
    /// Once every worker has reported its run (or is gone): jobs processing in the journal that no worker holds are
    /// interrupted and go back to pending, and the queue starts answering and dispatching. After a previous host's end
    /// they count toward the interruption limit; after this actor's own restart (a storage fault) the host lost them,
    /// and they do not.
    /// </summary>
    private void ResumeIfAllReported()
    {
        if (_unreported.Count > 0)
        {
            return;
        }
        var interrupt = _firstReport
            ? new InterruptRunningJobs("the host stopped while the job was running")
            : new InterruptRunningJobs("the queue manager restarted and the run's outcome was lost", Counted: false);
        Execute(interrupt with { Held = [.. _workers.HeldJobs] }, ActorRefs.Nobody);
        // A cancel stored before this actor restarted may not have reached its worker: ask again (a repeat changes nothing).
        foreach (var jobId in _state.Running)
        {
            KillCanceledRun(jobId);
        }
        Become(Running);
        // What was stashed goes first (a graceful stop among it keeps jobs from starting), then dispatching begins.
        Stash.UnstashAll();
        Self.Tell(StartDispatching.Instance);
    }

    private void Running()
    {
        CommandHandlers();
        QueryHandlers();
        SubscriptionHandlers();
        WorkerHandlers();
        Command<StartDispatching>(_ =>
        {
            _dispatching = !_stopping;
            Dispatch();
        });
    }

    private sealed record StartDispatching
    {
        public static readonly StartDispatching Instance = new();
    }

    /// <summary>
    /// What the workers and the pool tell the manager about runs; every report names its run. Every worker is watched
    /// once, when the manager first learns of it (<see cref="WorkerStarted"/>, or the report after a restart), not per job.
    /// </summary>
    private void WorkerHandlers()
    {
        Command<JobRunFinished>(finished =>
        {
            if (!_workers.Released(Sender, finished.Key))
            {
                _log.Warning("Dropped {0}'s report of attempt {1} of job {2}: the queue did not give it that run",
                    Sender.Path.Name, finished.Attempt, finished.JobId);
                return;
            }
            Execute(new RecordRunOutcome(finished.JobId, finished.Attempt, finished.Outcome), ActorRefs.Nobody);
            RetireSurplusWorkers();
        });
        Command<WorkerStarted>(started =>
        {
            Context.Watch(started.Worker);
            _workers.Started(started.Worker, started.Run);
        });
        Command<RunRefused>(refused =>
        {
            if (!_workers.Refused(Sender, refused.Refused, refused.Running))
            {
                _log.Warning("Dropped {0}'s refusal of attempt {1} of job {2}: the queue did not give it that run",
                    Sender.Path.Name, refused.Refused.Attempt, refused.Refused.JobId);
                return;
            }
            Execute(new RecordRunOutcome(refused.Refused.JobId, refused.Refused.Attempt,
                new RunOutcome.Interrupted("not run: its worker was still busy with another job", Counted: false)), ActorRefs.Nobody);
        });
        Command<Terminated>(OnWorkerTerminated);
    }

    /// <summary>A worker stopped (a retired one, or one its pool gave up on): the run it held, if any, is interrupted.</summary>
    private void OnWorkerTerminated(Terminated terminated)
    {
        if (_followed.Remove(terminated.ActorRef))
        {
            return; // a log follower ended, not a worker: its job may be forgotten now
        }
        if (_subscribers.Remove(terminated.ActorRef))
        {
            return;
        }
        if (_workers.Lost(terminated.ActorRef) is { } run)
        {
            Execute(new RecordRunOutcome(run.JobId, run.Attempt, new RunOutcome.Interrupted("its worker stopped", Counted: false)), ActorRefs.Nobody);
        }
        if (_unreported.Remove(terminated.ActorRef))
        {
            ResumeIfAllReported();
        }
    }
}
