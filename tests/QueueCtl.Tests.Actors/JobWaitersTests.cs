using System.Collections.Immutable;
using Akka.Actor;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Manager;
using QueueCtl.Actors.Protocol;

namespace QueueCtl.Tests.Actors;

/// <summary>The bookkeeping behind <c>queuectl wait</c>, driven by hand: no actor system, no journal.</summary>
public sealed class JobWaitersTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly QueueSettings Defaults = new(MaxRetries: 0, BackoffBase: 2, BackoffMaxSeconds: 3600);

    private readonly List<(IActorRef To, JobsFinished Reply)> _answers = [];
    private readonly JobWaiters _waiters = new();
    private QueueState _state;

    public JobWaitersTests()
    {
        _state = QueueState.Empty(Defaults)
            .Apply(new JobsEnqueued([new NewJob("a", "true", 0), new NewJob("b", "true", 0), new NewJob("c", "false", 0)], T0))
            .Apply(new WorkerCountSet(3, T0))
            .Apply(new JobStarted("a", 1, T0))
            .Apply(new JobStarted("b", 1, T0))
            .Apply(new JobStarted("c", 1, T0));
    }

    [Fact]
    public void JobFinished_AnswersOnlyWhenTheLastJobOfTheWaitFinishes_InAnyOrder()
    {
        var client = new FakeRef("client");
        _waiters.Add(_state, ["a", "b", "c"], client);

        Finish(new JobCompleted("b", 0, T0));
        Finish(new JobDied("c", 1, "exited with code 1", T0));
        Assert.Empty(_answers);

        Finish(new JobCompleted("a", 0, T0));

        var (to, reply) = Assert.Single(_answers);
        Assert.Same(client, to);
        Assert.Equal(["a", "b", "c"], reply.Jobs.Select(j => j.Id));
        Assert.Equal([JobState.Completed, JobState.Completed, JobState.Dead], reply.Jobs.Select(j => j.State));
    }

    [Fact]
    public void JobFinished_AnswersEveryWaiterOfTheJob_WhenTwoClientsWaitForIt()
    {
        var first = new FakeRef("first");
        var second = new FakeRef("second");
        _waiters.Add(_state, ["a"], first);
        _waiters.Add(_state, ["a", "b"], second);

        Finish(new JobCompleted("a", 0, T0));
        Assert.Equal([first], _answers.Select(a => a.To));

        Finish(new JobCompleted("b", 0, T0));
        Assert.Equal([first, second], _answers.Select(a => a.To));
    }

    [Fact]
    public void JobFinished_AnswersOnce_WhenAWaitNamesTheSameJobTwice()
    {
        _waiters.Add(_state, ["a", "a"], new FakeRef("client"));

        Finish(new JobCompleted("a", 0, T0));

        var (_, reply) = Assert.Single(_answers);
        Assert.Equal(["a", "a"], reply.Jobs.Select(j => j.Id));
    }

    [Fact]
    public void JobFinished_KeepsWaitingForAJobThatWasRetried_AfterItWasSeenDead()
    {
        _waiters.Add(_state, ["b", "c"], new FakeRef("client"));
        Finish(new JobDied("c", 1, "exited with code 1", T0));
        _state = _state.Apply(new DeadJobRetried("c", T0)); // `dlq retry c`: pending again

        Finish(new JobCompleted("b", 0, T0));
        Assert.Empty(_answers);

        _state = _state.Apply(new JobStarted("c", 2, T0));
        Finish(new JobCompleted("c", 0, T0));

        var (_, reply) = Assert.Single(_answers);
        Assert.All(reply.Jobs, j => Assert.Equal(JobState.Completed, j.State));
    }

    [Fact]
    public void WatchedJobIds_NamesEachWaitersJobsOnce_WhenAWaitNamesManyJobs()
    {
        // A wait for n jobs is listed under each of them: read through those lists, its n ids came n times, and a wait on
        // 100,000 ids stalled the manager at every retention decision (10^10 ids).
        var ids = Enumerable.Range(0, 100_000).Select(i => $"j{i}").ToImmutableArray();
        _state = _state.Apply(new JobsEnqueued([.. ids.Select(id => new NewJob(id, "true", 0))], T0));
        var client = new FakeRef("client");
        _waiters.Add(_state, ids, client);
        _waiters.Add(_state, ["a", "b"], new FakeRef("other"));

        Assert.Equal(100_002, _waiters.WatchedJobIds.Count());
        Assert.Equal(2, _waiters.ReplyTos.Count());

        Finish(new JobCompleted("a", 0, T0));
        Finish(new JobCompleted("b", 0, T0));

        Assert.Equal(ids.Length, _waiters.WatchedJobIds.Count());
        Assert.Same(client, Assert.Single(_waiters.ReplyTos));
    }

    [Fact]
    public void TryFinished_IsNull_WhileOneJobIsUnfinished()
    {
        Assert.Null(JobWaiters.TryFinished(_state, ["a"]));
        _state = _state.Apply(new JobCompleted("a", 0, T0));
        Assert.NotNull(JobWaiters.TryFinished(_state, ["a"]));
        Assert.Null(JobWaiters.TryFinished(_state, ["a", "b"]));
    }

    private void Finish(IQueueEvent finished)
    {
        _state = _state.Apply(finished);
        var jobId = finished switch
        {
            JobCompleted completed => completed.JobId,
            JobDied died => died.JobId,
            _ => throw new ArgumentException($"not a finishing event: {finished}"),
        };
        _waiters.JobFinished(jobId, _state, (to, reply) => _answers.Add((to, reply)));
    }

    /// <summary>A reply address that is only compared, never sent to.</summary>
    private sealed class FakeRef(string name) : MinimalActorRef
    {
        public override ActorPath Path { get; } = new RootActorPath(new Address("akka", "test")) / name;

        public override IActorRefProvider Provider => throw new NotSupportedException("never sent to");
    }
}
