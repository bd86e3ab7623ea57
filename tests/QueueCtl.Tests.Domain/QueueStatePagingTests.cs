using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;
using QueueCtl.Tests.Domain.Support;
using static QueueCtl.Tests.Domain.Support.Clock;

namespace QueueCtl.Tests.Domain;

/// <summary><c>list</c> pages: offsets, orders and text, over the enqueue-order index.</summary>
public sealed class QueueStatePagingTests
{
    private static readonly string[] Ids = [.. Enumerable.Range(0, 10).Select(i => $"j{i}")];

    private static QueueState Ten() => Given.Events(Given.Enqueued(Ids));

    private static string[] Page(QueueState state, ListJobs query) => [.. state.List(query).Jobs.Select(j => j.Id)];

    [Fact]
    public void List_PagesNewestFirst_ByOffset()
    {
        Assert.Equal(["j9", "j8", "j7"], Page(Ten(), new ListJobs(null, 3)));
        Assert.Equal(["j6", "j5", "j4"], Page(Ten(), new ListJobs(null, 3, Offset: 3)));
        Assert.Equal(["j0"], Page(Ten(), new ListJobs(null, 3, Offset: 9)));
        Assert.Empty(Page(Ten(), new ListJobs(null, 3, Offset: 10)));
        Assert.Equal(10, Ten().List(new ListJobs(null, 3, Offset: 10)).Matching);
    }

    [Fact]
    public void List_PagesInEnqueueOrder_AndKeepsEveryPageWhileJobsAreAdded()
    {
        var state = Ten();
        var seen = new List<string>();
        for (var offset = 0; offset < 10; offset += 4)
        {
            seen.AddRange(Page(state, new ListJobs(null, 4, Offset: offset, Order: JobOrder.Created)));
            state = state.Apply(Given.Enqueued($"new{offset}"));
        }

        Assert.Equal(Ids, seen.Take(10));
        Assert.Equal(Ids.Length, seen.Take(10).Distinct().Count());
    }

    [Fact]
    public void List_FiltersByStateAndText_CountingAllThatMatch()
    {
        var state = Ten().ApplyAll([new JobStarted("j1", 1, At(1)), new JobCompleted("j1", 0, At(1)), new JobStarted("j2", 1, At(2))]);

        var (jobs, matching) = state.List(new ListJobs(JobState.Pending, 2, Offset: 1, Grep: "echo j"));

        Assert.Equal(new[] { "j8", "j7" }, jobs.Select(j => j.Id));
        Assert.Equal(8, matching);
        Assert.Equal(["j1"], Page(state, new ListJobs(null, 5, Grep: "echo j1")));
        Assert.Empty(Page(state, new ListJobs(null, 5, Grep: "ECHO")));
    }

    [Fact]
    public void List_SortsByPriorityThenAge_AndByLastChange()
    {
        var state = Given.NoEvents().ApplyAll([
            new JobsEnqueued([new NewJob("low", "a", 3, Priority: -1), new NewJob("high", "b", 3, Priority: 5), new NewJob("mid", "c", 3), new NewJob("mid2", "d", 3)], T0),
            new JobStarted("mid", 1, At(5)),
        ]);

        Assert.Equal(["high", "mid", "mid2", "low"], Page(state, new ListJobs(null, 10, Order: JobOrder.Priority)));
        Assert.Equal(["mid", "mid2", "high", "low"], Page(state, new ListJobs(null, 10, Order: JobOrder.Updated)));
        Assert.Equal(["mid2", "high"], Page(state, new ListJobs(null, 2, Offset: 1, Order: JobOrder.Updated)));
    }

    /// <summary>
    /// The indexes kept event by event (counts per state and queue, enqueue order, finished jobs, runnable order, due times)
    /// are those a snapshot rebuilds from the jobs alone, whatever happened in between.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void KeptIndexes_EqualTheRebuiltOnes_AfterAnyMixOfEvents(int seed)
    {
        var random = new Random(seed);
        var state = Given.NoEvents();
        var now = T0;
        var seen = new HashSet<Type>();
        for (var step = 0; step < 600; step++)
        {
            now = now.AddSeconds(1);
            object command = random.Next(12) switch
            {
                < 3 => Given.Enqueue(new JobSubmission($"s{step}", "true", MaxRetries: random.Next(2), Priority: random.Next(-2, 3),
                    Queue: random.Next(3) == 0 ? "other" : null)),
                3 => new StartWorkers(random.Next(1, 4), random.Next(2) == 0 ? "other" : null),
                4 => StartNextJobs.Instance,
                < 8 => state.Running.FirstOrDefault() is { } running
                    ? Given.Exit(running, state.Find(running)!.Attempts, random.Next(2))
                    : StartNextJobs.Instance,
                8 => new ForgetFinishedJobs(new CleanJobs(random.Next(2) == 0 ? JobState.Dead : null, random.Next(600)), new HashSet<string>()),
                9 => random.Next(4) == 0 ? RetryAllDeadJobs.Instance : ReleaseDueJobs.Instance,
                _ => ReleaseDueJobs.Instance,
            };
            var events = state.EventsOf(command, now.AddMinutes(random.Next(30)));
            seen.UnionWith(events.Select(e => e.GetType()));
            state = state.ApplyAll(events);
        }

        Assert.Subset(seen, new HashSet<Type> { typeof(JobCompleted), typeof(JobDied), typeof(JobsForgotten), typeof(DeadJobRetried), typeof(JobRetryDue) });
        Assert.Equal(JobCounts.Of(state.Jobs.Values), state.Counts);
        StateAssert.Equivalent(state, QueueState.FromSnapshot(state.ToSnapshot(), Given.Defaults));
    }
}
