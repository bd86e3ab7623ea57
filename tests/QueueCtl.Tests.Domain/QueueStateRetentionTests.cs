using System.Collections.Immutable;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;
using QueueCtl.Tests.Domain.Support;
using static QueueCtl.Tests.Domain.Support.Clock;

namespace QueueCtl.Tests.Domain;

/// <summary>Retention and <c>clean</c>: which finished jobs are forgotten, why, and which are kept for others.</summary>
public sealed class QueueStateRetentionTests
{
    private static readonly IReadOnlySet<string> NoneWatched = ImmutableHashSet<string>.Empty;

    private static QueueSettings Keep(TimeSpan? completedFor = null, int completedMax = QueueSettings.KeptMaxLimit,
        TimeSpan? deadFor = null, int deadMax = QueueSettings.KeptMaxLimit) =>
        Given.Defaults with { KeepCompletedFor = completedFor, KeepCompletedMax = completedMax, KeepDeadFor = deadFor, KeepDeadMax = deadMax };

    /// <summary>Jobs <c>c0..c{n-1}</c> enqueued at T0, each completed at second i + 1 (so c0 is the oldest).</summary>
    private static QueueState Completed(int count, QueueSettings settings) =>
        Given.NoEvents(settings).ApplyAll(CompletedEvents(Enumerable.Range(0, count).Select(i => $"c{i}").ToArray(), first: 1));

    private static IEnumerable<IQueueEvent> CompletedEvents(string[] ids, double first)
    {
        yield return Given.Enqueued(ids);
        for (var i = 0; i < ids.Length; i++)
        {
            yield return new JobStarted(ids[i], 1, At(first + i));
            yield return new JobCompleted(ids[i], 0, At(first + i));
        }
    }

    private static IEnumerable<IQueueEvent> Died(string id, double at) =>
        [new JobStarted(id, 1, At(at)), new JobDied(id, 1, "exited with code 1; gave up after 3 retries", At(at))];

    private static ImmutableArray<string> Forgotten(Decision decision) =>
        [.. decision.Events.Cast<JobsForgotten>().SelectMany(e => e.JobIds)];

    [Fact]
    public void KeepsTooMany_TurnsTrue_OnlyOnceTheCountPassesTheLimitByItsSlack()
    {
        var settings = Keep(completedMax: 10);
        var slack = QueueState.KeptSlack(10);

        Assert.False(Completed(10 + slack - 1, settings).KeepsTooMany(default));
        Assert.True(Completed(10 + slack, settings).KeepsTooMany(default));
    }

    [Fact]
    public void KeepsTooMany_CountsFromWhatTheLastForgettingKept_WhenItHadToKeepMore()
    {
        var state = Completed(300, Keep(completedMax: 10));

        Assert.False(state.KeepsTooMany(new JobCounts(0, 0, 250, 0, 0)));
        Assert.True(state.KeepsTooMany(new JobCounts(0, 0, 200, 0, 0)));
    }

    [Fact]
    public void ForgetFinishedJobs_ForgetsTheOldestCompletedDownToTheLimit_WhenThereAreMore()
    {
        var state = Completed(5, Keep(completedMax: 2));

        var decision = state.Decide(new ForgetFinishedJobs(null, NoneWatched), At(100));

        var forgotten = Assert.IsType<JobsForgotten>(Assert.Single(decision.Events));
        Assert.Equal(new[] { "c0", "c1", "c2" }, forgotten.JobIds);
        Assert.Equal("retention: more than 2 completed jobs (keep-completed-max)", forgotten.Reason);
        Assert.Null(decision.Reply);
    }

    [Fact]
    public void ForgetFinishedJobs_ForgetsCompletedJobsOlderThanKeepFor_AndKeepsYoungerOnes()
    {
        var state = Completed(5, Keep(completedFor: TimeSpan.FromSeconds(10)));

        var decision = state.Decide(new ForgetFinishedJobs(null, NoneWatched), At(13)); // c0..c2 finished at 1..3 s

        var forgotten = Assert.IsType<JobsForgotten>(Assert.Single(decision.Events));
        Assert.Equal(new[] { "c0", "c1", "c2" }, forgotten.JobIds);
        Assert.Equal("retention: completed more than 10s ago (keep-completed-for)", forgotten.Reason);
    }

    [Fact]
    public void ForgetDueAt_IsWhenTheOldestFinishedJobComesOfAge_OrNullWithoutAnAge()
    {
        Assert.Equal(At(1) + TimeSpan.FromDays(7), Completed(3, Keep(completedFor: TimeSpan.FromDays(7))).ForgetDueAt);
        Assert.Null(Completed(3, Keep()).ForgetDueAt);
        Assert.Null(Given.NoEvents(Keep(completedFor: TimeSpan.FromDays(7))).ForgetDueAt);
    }

    [Fact]
    public void ForgetFinishedJobs_KeepsDeadJobsForEver_WhileKeepDeadForIsForever()
    {
        var state = Given.NoEvents(Keep(completedFor: TimeSpan.Zero)).ApplyAll([Given.Enqueued("d"), .. Died("d", 1)]);

        Assert.Empty(state.Decide(new ForgetFinishedJobs(null, NoneWatched), At(1_000_000)).Events);
    }

    [Fact]
    public void ForgetFinishedJobs_ForgetsDeadJobsBeyondKeepDeadMax_OldestFirst()
    {
        var state = Given.NoEvents(Keep(deadMax: 1)).ApplyAll([Given.Enqueued("d0", "d1"), .. Died("d0", 1), .. Died("d1", 2)]);

        var forgotten = Assert.IsType<JobsForgotten>(Assert.Single(state.Decide(new ForgetFinishedJobs(null, NoneWatched), At(3)).Events));

        Assert.Equal(new[] { "d0" }, forgotten.JobIds);
        Assert.Equal("retention: more than 1 dead jobs (keep-dead-max)", forgotten.Reason);
    }

    [Fact]
    public void ForgetFinishedJobs_KeepsAWatchedJob_AndForgetsTheNextOldestInstead()
    {
        var state = Completed(3, Keep(completedMax: 2));

        var decision = state.Decide(new ForgetFinishedJobs(null, new HashSet<string> { "c0" }), At(10));

        Assert.Equal(new[] { "c1" }, Forgotten(decision));
    }

    [Fact]
    public void ForgetFinishedJobs_KeepsACompletedDependency_WhileItsDependantStillWaits()
    {
        var settings = Keep(completedFor: TimeSpan.Zero);
        var state = Given.NoEvents(settings).ApplyAll([
            Given.Enqueued("dep", "other"),
            new JobsEnqueued([new NewJob("child", "echo child", 3, DependsOn: ["dep", "other"])], T0),
            new JobStarted("dep", 1, At(1)), new JobCompleted("dep", 0, At(1)),
        ]);

        Assert.Empty(state.Decide(new ForgetFinishedJobs(null, NoneWatched), At(5)).Events);

        var done = state.ApplyAll([
            new JobStarted("other", 1, At(2)), new JobCompleted("other", 0, At(2)),
            new JobStarted("child", 1, At(3)), new JobCompleted("child", 0, At(3)),
        ]);
        Assert.Equal(new[] { "dep", "other", "child" }, Forgotten(done.Decide(new ForgetFinishedJobs(null, NoneWatched), At(5))));
    }

    [Fact]
    public void ForgetFinishedJobs_ForgetsADeadChainFromItsDependantsUp_NeverTheDependencyFirst()
    {
        var state = Given.NoEvents(Keep(deadFor: TimeSpan.Zero)).ApplyAll([
            Given.Enqueued("dep"),
            new JobsEnqueued([new NewJob("child", "echo child", 3, DependsOn: ["dep"])], T0),
            .. Died("dep", 1),
            new JobDied("child", null, "dependency 'dep' ended dead", At(1), Dependency: "dep"),
        ]);

        var first = state.Decide(new ForgetFinishedJobs(null, NoneWatched), At(5));
        Assert.Equal(new[] { "child" }, Forgotten(first));

        var after = state.ApplyAll(first.Events);
        Assert.Equal(new[] { "dep" }, Forgotten(after.Decide(new ForgetFinishedJobs(null, NoneWatched), At(6))));
    }

    [Fact]
    public void JobsForgotten_RemovesTheJobFromEveryIndexAndCount_AndFreesItsId()
    {
        var state = Completed(3, Keep());
        var before = state.Counts;

        var after = state.Apply(new JobsForgotten(["c1"], "queuectl clean --all", At(10)));

        Assert.Null(after.Find("c1"));
        Assert.Equal(before with { Completed = before.Completed - 1 }, after.Counts);
        Assert.Equal(2, after.CountByState()["completed"]);
        Assert.Equal(new[] { "c2", "c0" }, after.List(new ListJobs(null, 10)).Jobs.Select(j => j.Id));
        StateAssert.Equivalent(after, QueueState.FromSnapshot(after.ToSnapshot(), Given.Defaults));
        Assert.IsType<JobsAccepted>(after.Decide(Given.Enqueue(new JobSubmission("c1", "echo again")), At(11)).Reply);
    }

    [Fact]
    public void JobsForgotten_ChangesNothing_ForAnUnknownOrUnfinishedJob()
    {
        var state = Given.Events(Given.Enqueued("p"));

        var after = state.Apply(new JobsForgotten(["p", "nope"], "queuectl clean --all", At(1)));

        StateAssert.Equivalent(state, after);
    }

    [Fact]
    public void JobsForgotten_DropsTheJobFromItsDependenciesDependants_SoTheirRetryStillWorks()
    {
        var state = Given.NoEvents().ApplyAll([
            Given.Enqueued("dep"),
            new JobsEnqueued([new NewJob("child", "echo child", 3, DependsOn: ["dep"])], T0),
            .. Died("dep", 1),
            new JobDied("child", null, "dependency 'dep' ended dead", At(1), Dependency: "dep"),
            new JobsForgotten(["child"], "queuectl clean --all", At(2)),
        ]);

        Assert.False(state.Dependants.ContainsKey("dep"));
        var retried = Assert.IsType<DeadJobsRetried>(state.Decide(new RetryDeadJob("dep"), At(3)).Reply);
        Assert.Equal(new[] { "dep" }, retried.JobIds);
    }

    [Fact]
    public void Clean_ForgetsEveryFinishedJob_WhenGivenNoStateOrAge()
    {
        var state = Completed(2, Keep()).ApplyAll([Given.Enqueued("d", "p"), .. Died("d", 5)]);

        var decision = state.Decide(new ForgetFinishedJobs(new CleanJobs(null, null), NoneWatched), At(6));

        Assert.Equal(new[] { "c0", "c1", "d" }, Forgotten(decision));
        Assert.Equal(new JobsCleaned(3, 0), decision.Reply);
        Assert.Equal("queuectl clean --all", Assert.IsType<JobsForgotten>(Assert.Single(decision.Events)).Reason);
    }

    [Fact]
    public void Clean_ForgetsOnlyTheNamedStateOlderThanTheAge_WhenGivenBoth()
    {
        var state = Completed(2, Keep()).ApplyAll([Given.Enqueued("d0", "d1"), .. Died("d0", 5), .. Died("d1", 50)]);

        var decision = state.Decide(new ForgetFinishedJobs(new CleanJobs(JobState.Dead, 30), NoneWatched), At(60));

        Assert.Equal(new[] { "d0" }, Forgotten(decision));
        Assert.Equal(new JobsCleaned(1, 0), decision.Reply);
        Assert.Equal("queuectl clean --state dead --older-than 30s", Assert.IsType<JobsForgotten>(Assert.Single(decision.Events)).Reason);
    }

    [Fact]
    public void Clean_CountsTheJobsItKeptForOthers_WhenSomeAreWatched()
    {
        var decision = Completed(3, Keep()).Decide(new ForgetFinishedJobs(new CleanJobs(null, null), new HashSet<string> { "c2" }), At(9));

        Assert.Equal(new JobsCleaned(2, 1), decision.Reply);
    }

    [Theory]
    [InlineData(JobState.Pending)]
    [InlineData(JobState.Processing)]
    [InlineData(JobState.Failed)]
    public void Clean_IsRefusedAndStoresNothing_WhenAskedForAnUnfinishedState(JobState state)
    {
        var decision = Completed(1, Keep()).Decide(new ForgetFinishedJobs(new CleanJobs(state, null), NoneWatched), At(9));

        Assert.Empty(decision.Events);
        var rejected = Assert.IsType<CommandRejected>(decision.Reply);
        Assert.Equal(RejectionKind.InvalidInput, rejected.Kind);
        Assert.Contains("finished jobs only", rejected.Reason);
    }

    [Fact]
    public void ForgetFinishedJobs_SplitsItsEvents_AtMaxForgottenPerEvent()
    {
        var state = Completed(QueueState.MaxForgottenPerEvent + 5, Keep());

        var decision = state.Decide(new ForgetFinishedJobs(new CleanJobs(null, null), NoneWatched), At(5000));

        Assert.Equal(new[] { QueueState.MaxForgottenPerEvent, 5 }, decision.Events.Cast<JobsForgotten>().Select(e => e.JobIds.Length));
    }

    [Fact]
    public void Settings_ReadKeepValues_AndRefuseBadOnesSayingWhatIsAllowed()
    {
        var (settings, _) = Given.Defaults.With("keep_completed_for", "12h");
        Assert.Equal(TimeSpan.FromHours(12), settings!.KeepCompletedFor);
        Assert.Null(settings.With("keep-completed-for", "Forever").Settings!.KeepCompletedFor);
        Assert.Equal("12h", settings.ToDictionary()["keep-completed-for"]);
        Assert.Equal(0, Given.Defaults.With("keep-dead-max", "0").Settings!.KeepDeadMax);

        Assert.Contains("has no unit", Given.Defaults.With("keep-completed-for", "12").Error);
        Assert.Contains("'forever'", Given.Defaults.With("keep-dead-for", "-1d").Error);
        Assert.Contains("from 0 to 1000000", Given.Defaults.With("keep-completed-max", "-1").Error);
        Assert.Contains("from 0 to 1000000", Given.Defaults.With("keep-dead-max", "2000000").Error);
    }
}
