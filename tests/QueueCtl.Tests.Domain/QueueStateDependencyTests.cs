using System.Collections.Immutable;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;
using QueueCtl.Tests.Domain.Support;
using static QueueCtl.Tests.Domain.Support.Clock;

namespace QueueCtl.Tests.Domain;

/// <summary>
/// <c>depends_on</c> / <c>enqueue --after ID</c>: a job starts only once every job it depends on is completed; when one
/// ends dead its dependants go to the DLQ naming it, and come back with it; unknown ids and cycles are refused at enqueue.
/// </summary>
public sealed class QueueStateDependencyTests
{
    private static JobSubmission Job(string id, params string[] after) => new(id, $"echo {id}", DependsOn: [.. after]);

    private static QueueState Enqueued(params JobSubmission[] jobs) =>
        Given.NoEvents().Run(Given.Enqueue(jobs), T0).Apply(Given.Workers(4));

    private static ImmutableArray<string> Starts(QueueState state) =>
        [.. state.Decide(StartNextJobs.Instance, At(1)).Events.Cast<JobStarted>().Select(s => s.JobId)];

    private static QueueState Finish(QueueState state, string id, int code, DateTimeOffset at) =>
        state.Run(new RecordRunOutcome(id, state.Find(id)!.Attempts, new RunOutcome.Exited(code)), at);

    private static QueueState Start(QueueState state, DateTimeOffset at) => state.Run(StartNextJobs.Instance, at);

    [Fact]
    public void EnqueueJobs_StoresTheDependencies_AndTheDependantWaits()
    {
        var decision = Given.NoEvents().Decide(Given.Enqueue(Job("a"), Job("b", "a")), T0);

        Expect.Events(decision, new JobsEnqueued([new NewJob("a", "echo a", 3), new NewJob("b", "echo b", 3, DependsOn: ["a"])], T0));
        var state = Enqueued(Job("a"), Job("b", "a"));
        Assert.Equal(new[] { "a" }, Starts(state));
        Assert.Equal(new[] { "a" }, state.WaitingFor(state.Find("b")!));
    }

    [Fact]
    public void JobCompleted_MakesItsDependantRunnable_OnlyOnceAllItsDependenciesAreCompleted()
    {
        var state = Start(Enqueued(Job("a"), Job("b"), Job("c", "a", "b")), At(1));

        state = Finish(state, "a", 0, At(2));
        Assert.Empty(Starts(state)); // b still running
        state = Finish(state, "b", 0, At(3));

        Assert.Equal(new[] { "c" }, Starts(state));
    }

    [Fact]
    public void JobFailed_KeepsTheDependantWaiting_ForTheRetry()
    {
        var state = Start(Enqueued(Job("a"), Job("b", "a")), At(1));

        state = Finish(state, "a", 1, At(2));

        Assert.Equal(JobState.Failed, state.Find("a")!.State);
        Assert.Equal(JobState.Pending, state.Find("b")!.State);
        Assert.Empty(Starts(state));
    }

    [Fact]
    public void JobDied_SendsItsDependantsAndTheirs_ToTheDlq_NamingTheDependency()
    {
        var state = Start(Given.NoEvents().Run(Given.Enqueue(
            new JobSubmission("a", "false", MaxRetries: 0), Job("b", "a"), Job("c", "b"), Job("d")), T0).Apply(Given.Workers(4)), At(1));

        var events = state.EventsOf(new RecordRunOutcome("a", 1, new RunOutcome.Exited(1)), At(2));

        Assert.Equal(new[] { "a", "b", "c" }, events.Cast<JobDied>().Select(d => d.JobId));
        var b = (JobDied)events[1];
        Assert.Equal("a", b.Dependency);
        Assert.Contains("dependency 'a' ended dead", b.Reason);
        Assert.Equal("b", ((JobDied)events[2]).Dependency);
        state = state.ApplyAll(events);
        Assert.Equal("a", state.Find("b")!.DeadDependency);
        Assert.Equal(JobState.Processing, state.Find("d")!.State); // depends on nothing: not touched
    }

    [Fact]
    public void RetryDeadJob_BringsBackTheDependantsThatDiedWithIt()
    {
        var state = Start(Given.NoEvents().Run(Given.Enqueue(
            new JobSubmission("a", "false", MaxRetries: 0), Job("b", "a"), Job("c", "b")), T0).Apply(Given.Workers(4)), At(1));
        state = Finish(state, "a", 1, At(2));

        var decision = state.Decide(new RetryDeadJob("a"), At(3));

        Assert.Equal(new[] { "a", "b", "c" }, Assert.IsType<DeadJobsRetried>(decision.Reply).JobIds);
        state = state.ApplyAll(decision.Events);
        Assert.All(["a", "b", "c"], id => Assert.Equal(JobState.Pending, state.Find(id)!.State));
        Assert.Null(state.Find("b")!.DeadDependency);
        Assert.Equal(new[] { "a" }, Starts(state));
    }

    [Fact]
    public void RetryDeadJob_IsRefused_ForADependantWhoseDependencyIsStillDead()
    {
        var state = Start(Given.NoEvents().Run(Given.Enqueue(
            new JobSubmission("a", "false", MaxRetries: 0), Job("b", "a")), T0).Apply(Given.Workers(4)), At(1));
        state = Finish(state, "a", 1, At(2));

        var rejected = Expect.Rejected(state.Decide(new RetryDeadJob("b"), At(3)), RejectionKind.WrongState);

        Assert.Equal("job 'b' depends on 'a', which is dead; 'queuectl dlq retry a' brings both back", rejected.Reason);
    }

    [Fact]
    public void RetryDeadJob_LeavesADependantDead_WhileAnotherOfItsDependenciesIsDead()
    {
        var state = Start(Given.NoEvents().Run(Given.Enqueue(
            new JobSubmission("a", "false", MaxRetries: 0), new JobSubmission("b", "false", MaxRetries: 0), Job("c", "a", "b")), T0)
            .Apply(Given.Workers(4)), At(1));
        state = Finish(Finish(state, "a", 1, At(2)), "b", 1, At(2));

        var retried = Assert.IsType<DeadJobsRetried>(state.Decide(new RetryDeadJob("a"), At(3)).Reply);

        Assert.Equal(new[] { "a" }, retried.JobIds);
    }

    [Fact]
    public void EnqueueJobs_IsRefusedNamingTheIds_WhenADependencyIsUnknown()
    {
        var rejected = Expect.Rejected(Given.NoEvents().Decide(Given.Enqueue(Job("b", "a", "x")), T0), RejectionKind.NotFound);

        Assert.Equal("job 'b' depends on 'a', 'x', which are not jobs; a job can depend on jobs enqueued before it or in the same input", rejected.Reason);
    }

    [Fact]
    public void EnqueueJobs_AcceptsADependencyLaterInTheSameInput()
    {
        var state = Enqueued(Job("b", "a"), Job("a"));

        Assert.Equal(new[] { "a" }, Starts(state));
    }

    [Fact]
    public void EnqueueJobs_IsRefusedNamingTheCycle_WhenTheBatchHasOne()
    {
        var rejected = Expect.Rejected(
            Given.NoEvents().Decide(Given.Enqueue(Job("a", "c"), Job("b", "a"), Job("c", "b"), Job("d")), T0), RejectionKind.InvalidInput);

        Assert.Equal("the dependencies form a cycle, so none of its jobs could ever start: 'a' -> 'c' -> 'b' -> 'a'; remove one of them", rejected.Reason);
    }

    [Fact]
    public void EnqueueJobs_IsRefused_WhenAJobDependsOnItself()
    {
        var rejected = Expect.Rejected(Given.NoEvents().Decide(Given.Enqueue(Job("a", "a")), T0), RejectionKind.InvalidInput);

        Assert.StartsWith("job 'a' depends on itself", rejected.Reason);
    }

    [Fact]
    public void EnqueueJobs_IsRefused_WhenADependencyIsDead()
    {
        var state = Start(Given.NoEvents().Run(Given.Enqueue(new JobSubmission("a", "false", MaxRetries: 0)), T0).Apply(Given.Workers(1)), At(1));
        state = Finish(state, "a", 1, At(2));

        var rejected = Expect.Rejected(state.Decide(Given.Enqueue(Job("b", "a")), At(3)), RejectionKind.WrongState);

        Assert.Contains("depends on 'a', which is dead and would never complete", rejected.Reason);
    }

    [Fact]
    public void EnqueueJobs_RunsAtOnce_WhenItsDependencyIsCompletedAlready()
    {
        var state = Finish(Start(Enqueued(Job("a")), At(1)), "a", 0, At(2));

        state = state.Run(Given.Enqueue(Job("b", "a")), At(3));

        Assert.Equal(new[] { "b" }, Starts(state));
    }

    [Fact]
    public void EnqueueJobs_StoresEachDependencyOnce()
    {
        var state = Enqueued(Job("a"), Job("b", "a", "a"));

        Assert.Equal(new[] { "a" }, state.Find("b")!.DependsOn);
    }

    [Fact]
    public void ScheduledDependant_WaitsForBothItsTimeAndItsDependency()
    {
        var state = Given.NoEvents().Run(Given.Enqueue(Job("a"), Job("b", "a") with { RunAt = At(10) }), T0).Apply(Given.Workers(4));
        state = Finish(Start(state, At(1)), "a", 0, At(2));
        Assert.Empty(Starts(state));

        state = state.Run(ReleaseDueJobs.Instance, At(10));

        Assert.Equal(new[] { "b" }, state.Decide(StartNextJobs.Instance, At(10)).Events.Cast<JobStarted>().Select(s => s.JobId));
    }

    [Fact]
    public void Snapshot_RebuildsWhatWaitsForWhat()
    {
        var state = Start(Enqueued(Job("a"), Job("b", "a"), Job("c", "a", "b")), At(1));

        var restored = QueueState.FromSnapshot(state.ToSnapshot(), Given.Defaults);

        StateAssert.Equivalent(state, restored);
        restored = Finish(restored, "a", 0, At(2));
        Assert.Equal(new[] { "b" }, Starts(restored));
    }

    [Fact]
    public void FindCycle_FindsNone_InALongChain()
    {
        var jobs = Enumerable.Range(1, 100_000).ToDictionary(i => $"j{i}", i => ImmutableArray.Create($"j{i - 1}"));

        Assert.Null(JobDependencies.FindCycle(jobs));
    }
}
