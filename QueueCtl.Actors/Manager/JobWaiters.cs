using System.Collections.Immutable;
using Akka.Actor;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;

namespace QueueCtl.Actors.Manager;

/// <summary>The clients blocked in <c>queuectl wait</c>: each is answered once all its jobs are completed or dead.</summary>
internal sealed class JobWaiters
{
    private readonly List<(ImmutableArray<string> JobIds, IActorRef ReplyTo)> _waiting = [];

    public void Add(ImmutableArray<string> jobIds, IActorRef replyTo) => _waiting.Add((jobIds, replyTo));

    /// <summary>Answers (through <paramref name="answer"/>) every waiter whose jobs are now all finished.</summary>
    public void Notify(QueueState state, Action<IActorRef, JobsFinished> answer)
    {
        for (var i = _waiting.Count - 1; i >= 0; i--)
        {
            var (ids, replyTo) = _waiting[i];
            if (TryFinished(state, ids) is { } finished)
            {
                answer(replyTo, finished);
                _waiting.RemoveAt(i);
            }
        }
    }

    /// <summary>The reply to a wait for <paramref name="jobIds"/>, or null while one of them is unfinished.</summary>
    public static JobsFinished? TryFinished(QueueState state, ImmutableArray<string> jobIds)
    {
        var jobs = jobIds.Select(state.Find).ToImmutableArray();
        return jobs.All(j => j is not null && j.State.IsFinished()) ? new JobsFinished(jobs!) : null;
    }
}
