using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;
using QueueCtl.Tests.Domain.Support;
using static QueueCtl.Tests.Domain.Support.Clock;

namespace QueueCtl.Tests.Domain;

/// <summary>A snapshot stores the data without indexes; loading it rebuilds them (runnable order, running set).</summary>
public sealed class QueueStateSnapshotTests
{
    [Fact]
    public void FromSnapshot_RestoresAnEquivalentState_WhenGivenToSnapshotOfIt()
    {
        var original = Mixed.State();

        var restored = QueueState.FromSnapshot(original.ToSnapshot(), Given.Defaults);

        StateAssert.Equivalent(original, restored);
        Assert.Equal(["later", "waiting"], restored.List(new ListJobs(JobState.Pending, 10)).Jobs.Select(j => j.Id));
        Assert.Equal(["running"], restored.Running.Order());
        Assert.Equal(2, restored.WorkerCount);
        Assert.Equal(6, restored.LastSequence);
        Assert.Equal(3, restored.Settings.BackoffBase);
    }

    [Fact]
    public void ToSnapshot_ListsJobsInEnqueueOrder_WhenTaken()
    {
        var snapshot = Mixed.State().ToSnapshot();

        Assert.Equal(["done", "failed", "dead", "running", "waiting", "later"], snapshot.Jobs.Select(j => j.Id));
        Assert.Equal((2, 6L), (snapshot.WorkerCount, snapshot.LastSequence));
        Assert.Equal([new KeyValuePair<string, string>("backoff-base", "3")], snapshot.ConfigOverrides);
    }

    public static TheoryData<string> Commands => ["start", "enqueue", "fail", "retry-due", "interrupt", "dlq", "config"];

    [Theory]
    [MemberData(nameof(Commands))]
    public void FromSnapshot_DecidesLikeTheOriginal_WhenGivenTheSameCommand(string name)
    {
        object command = name switch
        {
            "start" => StartNextJobs.Instance,
            "enqueue" => Given.Enqueue(new JobSubmission("new", "true")),
            "fail" => Given.Exit("running", 1, 1),
            "retry-due" => ReleaseDueJobs.Instance,
            "interrupt" => new InterruptRunningJobs("host stopped"),
            "dlq" => RetryAllDeadJobs.Instance,
            _ => new SetConfig("max-retries", "1"),
        };
        var original = Mixed.State();
        var restored = QueueState.FromSnapshot(original.ToSnapshot(), Given.Defaults);

        var expected = original.Decide(command, At(10));
        var actual = restored.Decide(command, At(10));

        Assert.NotEmpty(expected.Events);
        Expect.Events(actual, [.. expected.Events]);
        StateAssert.Equivalent(original.ApplyAll(expected.Events), restored.ApplyAll(actual.Events));
    }

    [Fact]
    public void FromSnapshot_StartsJobsInTheOriginalOrder_WhenWorkersAreFree()
    {
        var original = Given.Events(Given.Enqueued("a", "b", "c", "d"), Given.Workers(1))
            .Run(StartNextJobs.Instance, T0)
            .Run(Given.Exit("a", 1, 1), At(1))
            .Run(ReleaseDueJobs.Instance, At(3))
            .Run(new StartWorkers(8), At(3));

        var restored = QueueState.FromSnapshot(original.ToSnapshot(), Given.Defaults);

        Expect.Events(restored.Decide(StartNextJobs.Instance, At(4)),
            new JobStarted("a", 2, At(4)), new JobStarted("b", 1, At(4)), new JobStarted("c", 1, At(4)), new JobStarted("d", 1, At(4)));
    }

    [Fact]
    public void FromSnapshot_AppliesStoredOverridesOverNewDefaults_WhenDefaultsChanged()
    {
        var newDefaults = new QueueSettings(MaxRetries: 9, BackoffBase: 5, BackoffMaxSeconds: 100);

        var restored = QueueState.FromSnapshot(Mixed.State().ToSnapshot(), newDefaults);

        Assert.Equal(new QueueSettings(9, 3, 100), restored.Settings);
        Assert.Equal(newDefaults, restored.Defaults);
    }

    [Fact]
    public void FromSnapshot_RestoresAnEmptyQueue_WhenSnapshotIsOfAnEmptyQueue()
    {
        var restored = QueueState.FromSnapshot(Given.NoEvents().ToSnapshot(), Given.Defaults);

        StateAssert.Equivalent(Given.NoEvents(), restored);
    }
}
