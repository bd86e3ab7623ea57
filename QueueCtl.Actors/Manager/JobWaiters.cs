using System.Collections.Immutable;
using Akka.Actor;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;

namespace QueueCtl.Actors.Manager;

/// <summary>
/// The clients blocked in <c>queuectl wait</c>: each is answered once all its jobs are completed or dead.
/// Waiters are indexed by the jobs they still wait for, so a finished job costs only its own waiters,
/// not a scan of every waiter's every job (a <c>wait</c> on 100,000 ids stays linear).
/// </summary>
internal sealed class JobWaiters
{
    private readonly Dictionary<string, List<Waiter>> _byJob = [];

    /// <summary>Each waiter once: one waiting for n jobs is in n of <see cref="_byJob"/>'s lists.</summary>
    private readonly HashSet<Waiter> _waiting = [];

    /// <summary>Waits for <paramref name="jobIds"/>, of which at least one is unfinished in <paramref name="state"/>.</summary>
    public void Add(QueueState state, ImmutableArray<string> jobIds, IActorRef replyTo)
    {
        var waiter = new Waiter(jobIds, replyTo);
        Track(waiter, state);
        if (waiter.Unfinished > 0)
        {
            _waiting.Add(waiter);
        }
    }

    /// <summary>
    /// <paramref name="jobId"/> just finished: answers (through <paramref name="answer"/>) every waiter whose jobs are now
    /// all finished. A job it saw finish earlier may be pending again (<c>dlq retry</c>); such a waiter keeps waiting for it.
    /// </summary>
    public void JobFinished(string jobId, QueueState state, Action<IActorRef, JobsFinished> answer)
    {
        if (!_byJob.Remove(jobId, out var waiters))
        {
            return;
        }
        foreach (var waiter in waiters)
        {
            if (--waiter.Unfinished > 0)
            {
                continue;
            }
            if (TryFinished(state, waiter.JobIds) is { } finished)
            {
                _waiting.Remove(waiter);
                answer(waiter.ReplyTo, finished);
            }
            else
            {
                Track(waiter, state);
            }
        }
    }

    /// <summary>
    /// Every job a client still waits for, finished or not: its answer will show them all, so none is forgotten meanwhile.
    /// Each waiter's jobs once: read through <see cref="_byJob"/>, a wait for n jobs gave its n ids n times.
    /// </summary>
    public IEnumerable<string> WatchedJobIds => _waiting.SelectMany(waiter => waiter.JobIds);

    /// <summary>Every client still waiting, once per wait.</summary>
    public IEnumerable<IActorRef> ReplyTos => _waiting.Select(waiter => waiter.ReplyTo);

    /// <summary>The reply to a wait for <paramref name="jobIds"/>, or null while one of them is unfinished.</summary>
    public static JobsFinished? TryFinished(QueueState state, ImmutableArray<string> jobIds)
    {
        var jobs = ImmutableArray.CreateBuilder<Job>(jobIds.Length);
        foreach (var id in jobIds)
        {
            if (state.Find(id) is not { } job || !job.State.IsFinished())
            {
                return null;
            }
            jobs.Add(job);
        }
        return new JobsFinished(jobs.MoveToImmutable());
    }

    private void Track(Waiter waiter, QueueState state)
    {
        foreach (var id in waiter.JobIds.Distinct())
        {
            if (state.Find(id) is { } job && job.State.IsFinished())
            {
                continue;
            }
            if (!_byJob.TryGetValue(id, out var waiters))
            {
                _byJob[id] = waiters = [];
            }
            waiters.Add(waiter);
            waiter.Unfinished++;
        }
    }

    private sealed class Waiter(ImmutableArray<string> jobIds, IActorRef replyTo)
    {
        public ImmutableArray<string> JobIds { get; } = jobIds;
        public IActorRef ReplyTo { get; } = replyTo;
        public int Unfinished { get; set; }
    }
}
