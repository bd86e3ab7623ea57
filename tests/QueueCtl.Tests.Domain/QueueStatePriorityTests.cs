using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;
using QueueCtl.Tests.Domain.Support;
using static QueueCtl.Tests.Domain.Support.Clock;

namespace QueueCtl.Tests.Domain;

/// <summary><c>queuectl enqueue --priority N</c> / <c>"priority"</c>: higher first, equal priorities in enqueue order.</summary>
public sealed class QueueStatePriorityTests
{
    private static JobsEnqueued Enqueued(double at, params (string Id, int Priority)[] jobs) =>
        new([.. jobs.Select(j => new NewJob(j.Id, $"echo {j.Id}", 3, j.Priority))], At(at));

    /// <summary>Starts jobs one at a time on one worker, each finishing before the next starts; returns their order.</summary>
    private static List<string> StartOrder(QueueState state, DateTimeOffset now)
    {
        var order = new List<string>();
        while (state.Decide(StartNextJobs.Instance, now).Events is [JobStarted started])
        {
            order.Add(started.JobId);
            state = state.ApplyAll([started]).Run(Given.Exit(started.JobId, started.Attempt, 0), now);
        }
        return order;
    }

    [Fact]
    public void EnqueueJobs_StoresThePriority_WhenGiven()
    {
        var decision = Given.NoEvents().Decide(Given.Enqueue(new JobSubmission("a", "true", Priority: -7)), T0);

        Expect.Events(decision, new JobsEnqueued([new NewJob("a", "true", 3, -7)], T0));
        Assert.Equal(-7, Assert.IsType<JobsAccepted>(decision.Reply).Jobs.Single().Priority);
    }

    [Theory]
    [InlineData(JobPriority.Min)]
    [InlineData(JobPriority.Max)]
    public void EnqueueJobs_AcceptsThePriority_WhenAtAnEndOfTheRange(int priority)
    {
        var state = Given.NoEvents().Run(Given.Enqueue(new JobSubmission("a", "true", Priority: priority)), T0);

        Assert.Equal(priority, state.Find("a")!.Priority);
    }

    [Theory]
    [InlineData(-1001)]
    [InlineData(1001)]
    [InlineData(int.MaxValue)]
    public void EnqueueJobs_IsRejectedNamingTheRange_WhenThePriorityIsOutOfRange(int priority)
    {
        var given = Given.NoEvents();

        var rejected = Expect.Rejected(
            given.Decide(Given.Enqueue(new JobSubmission("ok", "true"), new JobSubmission("a", "true", Priority: priority)), T0),
            RejectionKind.InvalidInput);

        Assert.Equal($"job 'a': priority {priority} is out of range; use a whole number from -1000 to 1000 (higher runs first; the default is 0)",
            rejected.Reason);
    }

    [Fact]
    public void StartNextJobs_StartsAJobOfHigherPriorityFirst_WhenItWasEnqueuedAfterWaitingLowerOnes()
    {
        var given = Given.Events(Enqueued(0, ("low-1", 0), ("low-2", 0)), Enqueued(1, ("high", 5)), Given.Workers(1));

        Assert.Equal(["high", "low-1", "low-2"], StartOrder(given, At(2)));
    }

    [Fact]
    public void StartNextJobs_StartsEqualPrioritiesInEnqueueOrder_WhenSeveralShareOne()
    {
        var given = Given.Events(Enqueued(0, ("a", 2), ("b", 9), ("c", 2)), Enqueued(1, ("d", 2), ("e", -1), ("f", 9)), Given.Workers(1));

        Assert.Equal(["b", "f", "a", "c", "d", "e"], StartOrder(given, At(2)));
    }

    [Fact]
    public void StartNextJobs_StartsTheHighestPrioritiesAtOnce_WhenSeveralWorkersAreFree()
    {
        var given = Given.Events(Enqueued(0, ("a", 0), ("b", 1), ("c", 0), ("d", 3)), Given.Workers(2));

        Expect.Events(given.Decide(StartNextJobs.Instance, At(1)), new JobStarted("d", 1, At(1)), new JobStarted("b", 1, At(1)));
    }

    [Fact]
    public void StartNextJobs_DoesNotStopARunningJob_WhenAHigherPriorityArrives()
    {
        var running = Given.Events(Enqueued(0, ("low", 0)), Given.Workers(1)).Run(StartNextJobs.Instance, At(1));

        var state = running.ApplyAll([Enqueued(2, ("high", 100))]);

        Expect.Nothing(state.Decide(StartNextJobs.Instance, At(2)));
        Assert.Equal(["low"], state.Running);
        Assert.Equal("high", state.NextRunnable()!.Id);
    }

    /// <summary>A retry that comes due takes its place by its own priority and original enqueue order, not at the back.</summary>
    [Fact]
    public void StartNextJobs_StartsADueRetryByItsPriorityAndEnqueueOrder_WhenOthersWait()
    {
        var state = Given.Events(Enqueued(0, ("retried", 1)), Given.Workers(1))
            .Run(StartNextJobs.Instance, At(0))
            .Run(Given.Exit("retried", 1, 1), At(1));
        state = state.ApplyAll([Enqueued(2, ("later-low", 0), ("later-high", 2), ("later-same", 1))]);
        Assert.Equal(At(3), state.Find("retried")!.NextAttemptAt);

        state = state.Run(ReleaseDueJobs.Instance, At(3));

        Assert.Equal(["later-high", "retried", "later-same", "later-low"], StartOrder(state, At(3)));
    }

    [Fact]
    public void FromSnapshot_KeepsThePriorityOrder_WhenRestored()
    {
        var original = Given.Events(Enqueued(0, ("a", 0), ("b", -3), ("c", 4)), Given.Workers(1));

        var restored = QueueState.FromSnapshot(original.ToSnapshot(), Given.Defaults);

        StateAssert.Equivalent(original, restored);
        Assert.Equal(["c", "a", "b"], StartOrder(restored, At(1)));
    }
}
