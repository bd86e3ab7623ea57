using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;
using QueueCtl.Tests.Domain.Support;
using static QueueCtl.Tests.Domain.Support.Clock;

namespace QueueCtl.Tests.Domain;

/// <summary>
/// <c>queuectl cancel ID…</c>: a job not running ends dead at once with reason "canceled"; a running one is marked (its
/// process group is killed by its worker) and ends dead when its run's outcome comes, whatever that outcome.
/// </summary>
public sealed class QueueStateCancelTests
{
    private static QueueState Running(params string[] ids) =>
        Given.Events(Given.Enqueued(ids), Given.Workers(ids.Length)).Run(StartNextJobs.Instance, At(1));

    [Fact]
    public void CancelJobs_KillsNothingAndEndsAPendingJobDead()
    {
        var decision = Given.Events(Given.Enqueued("a")).Decide(new CancelJobs(["a"]), At(1));

        Expect.Events(decision, new JobDied("a", null, "canceled", At(1)));
        var reply = Assert.IsType<JobsCanceled>(decision.Reply);
        Assert.Equal(new[] { "a" }, reply.Canceled);
        Assert.Empty(reply.Killing);
    }

    [Fact]
    public void CancelJobs_EndsAFailedJobDead_SoItsRetryNeverComes()
    {
        var state = Running("a").Run(Given.Exit("a", 1, 1), At(2));

        state = state.Run(new CancelJobs(["a"]), At(3));

        Assert.Equal(JobState.Dead, state.Find("a")!.State);
        Assert.Null(state.NextDueAt);
        Expect.Nothing(state.Decide(ReleaseDueJobs.Instance, At(100)));
    }

    [Fact]
    public void CancelJobs_EndsAScheduledJobDead_SoItNeverStarts()
    {
        var state = Given.NoEvents().Run(Given.Enqueue(new JobSubmission("a", "true", RunAt: At(60))), T0);

        state = state.Run(new CancelJobs(["a"]), At(1));

        Assert.Equal(JobState.Dead, state.Find("a")!.State);
        Assert.Null(state.NextDueAt);
    }

    [Fact]
    public void CancelJobs_MarksARunningJob_AndItsOutcomeMakesItDead()
    {
        var state = Running("a");

        var decision = state.Decide(new CancelJobs(["a"]), At(2));
        Expect.Events(decision, new JobCancelRequested("a", At(2)));
        Assert.Equal(new[] { "a" }, Assert.IsType<JobsCanceled>(decision.Reply).Killing);
        state = state.ApplyAll(decision.Events);
        Assert.True(state.Find("a")!.CancelRequested);
        Assert.Equal(JobState.Processing, state.Find("a")!.State);

        var outcome = state.EventsOf(Given.Exit("a", 1, 143), At(3));

        Expect.Events(new Decision(outcome, null), new JobDied("a", 143, "canceled", At(3)));
        Assert.False(state.ApplyAll(outcome).Find("a")!.CancelRequested);
    }

    [Fact]
    public void CancelJobs_StoresNothingMore_WhenTheRunningJobIsBeingCanceledAlready()
    {
        var state = Running("a").Run(new CancelJobs(["a"]), At(2));

        var decision = state.Decide(new CancelJobs(["a"]), At(3));

        Assert.Empty(decision.Events);
        Assert.Equal(new[] { "a" }, Assert.IsType<JobsCanceled>(decision.Reply).Killing);
    }

    [Fact]
    public void InterruptRunningJobs_EndsACanceledJobDead_AfterACrash()
    {
        var state = Running("a").Run(new CancelJobs(["a"]), At(2));

        var events = state.EventsOf(new InterruptRunningJobs("the host stopped while the job was running"), At(3));

        Expect.Events(new Decision(events, null), new JobDied("a", null, "canceled", At(3)));
    }

    [Theory]
    [InlineData("completed", "job 'a' is completed; only a job not yet finished can be canceled, and nothing was")]
    [InlineData("dead", "job 'a' is dead already; nothing was canceled")]
    public void CancelJobs_IsRefusedChangingNothing_WhenAJobIsFinished(string state, string reason)
    {
        var given = Running("a", "b").Run(Given.Exit("a", 1, 0), At(2));
        if (state == "dead")
        {
            given = given.Run(new CancelJobs(["a"]), At(2)); // completed can't be canceled; make a dead one another way
            given = Given.Events(Given.Enqueued("a", "b")).Run(new CancelJobs(["a"]), At(2));
        }

        var rejected = Expect.Rejected(given.Decide(new CancelJobs(["b", "a"]), At(3)), RejectionKind.WrongState);

        Assert.Equal(reason, rejected.Reason);
    }

    [Fact]
    public void CancelJobs_IsRefusedChangingNothing_WhenAJobIsUnknown()
    {
        var rejected = Expect.Rejected(Given.Events(Given.Enqueued("a")).Decide(new CancelJobs(["a", "nope"]), At(1)), RejectionKind.NotFound);

        Assert.StartsWith("no job with id 'nope'", rejected.Reason);
    }

    [Fact]
    public void CancelJobs_SendsTheJobsWaitingForIt_ToTheDlq()
    {
        var state = Given.NoEvents().Run(Given.Enqueue(
            new JobSubmission("a", "true"), new JobSubmission("b", "true", DependsOn: ["a"])), T0);

        var decision = state.Decide(new CancelJobs(["a"]), At(1));

        Assert.Equal(new[] { "a", "b" }, decision.Events.Cast<JobDied>().Select(d => d.JobId));
        Assert.Equal(new[] { "b" }, Assert.IsType<JobsCanceled>(decision.Reply).Dependants);
    }

    [Fact]
    public void RetryDeadJob_BringsACanceledJobBack()
    {
        var state = Given.Events(Given.Enqueued("a")).Run(new CancelJobs(["a"]), At(1));

        state = state.Run(new RetryDeadJob("a"), At(2));

        Assert.Equal(JobState.Pending, state.Find("a")!.State);
    }

    [Fact]
    public void CancelJobs_NamesTheDependantsThatFitAReplyAndCountsThemAll_WhenAChainIsLong()
    {
        // 60,000 jobs waiting for "root", with ids of 100 characters: 6 MB of ids, more than a reply names.
        var dependants = Enumerable.Range(0, 60_000).Select(i => $"d{i:D6}".PadRight(100, 'x')).ToArray();
        var state = Given.Events(
            Given.Enqueued("root"),
            new JobsEnqueued([.. dependants.Select(id => new NewJob(id, "true", 3, DependsOn: ["root"]))], T0));

        var reply = Assert.IsType<JobsCanceled>(state.Decide(new CancelJobs(["root"]), At(1)).Reply);

        Assert.Equal(new[] { "root" }, reply.Canceled);
        Assert.Equal(60_000, reply.DependantTotal);
        Assert.InRange(reply.Dependants.Length, 1, 59_999);
        Assert.True(reply.Dependants.Sum(id => id.Length + 3) <= IdBudget.MaxIdBytes);
        Assert.Equal(dependants.Take(reply.Dependants.Length).Order(), reply.Dependants.Order());
    }

    [Fact]
    public void CancelJobs_NamesEveryDependantAndLeavesTheCountOut_WhenTheyFit()
    {
        var state = Given.Events(Given.Enqueued("root"), new JobsEnqueued([new NewJob("child", "true", 3, DependsOn: ["root"])], T0));

        var reply = Assert.IsType<JobsCanceled>(state.Decide(new CancelJobs(["root"]), At(1)).Reply);

        Assert.Equal(new[] { "child" }, reply.Dependants);
        Assert.Null(reply.DependantCount);
    }
}
