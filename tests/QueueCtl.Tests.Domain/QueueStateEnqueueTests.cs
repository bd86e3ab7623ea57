using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;
using QueueCtl.Tests.Domain.Support;
using static QueueCtl.Tests.Domain.Support.Clock;

namespace QueueCtl.Tests.Domain;

/// <summary><c>queuectl enqueue</c> → <see cref="EnqueueJobs"/> → <see cref="JobsEnqueued"/>.</summary>
public sealed class QueueStateEnqueueTests
{
    [Fact]
    public void EnqueueJobs_StoresOnePendingJob_WhenOneValidJob()
    {
        var decision = Given.NoEvents().Decide(Given.Enqueue(new JobSubmission("job1", "echo hi", 2)), T0);

        Expect.Events(decision, new JobsEnqueued([new NewJob("job1", "echo hi", 2)], T0));
        var accepted = Assert.IsType<JobsAccepted>(decision.Reply);
        var job = Assert.Single(accepted.Jobs);
        Assert.Equal(("job1", JobState.Pending, 0, 2, 1L), (job.Id, job.State, job.Attempts, job.MaxRetries, job.Sequence));
    }

    [Fact]
    public void EnqueueJobs_AppliesAsPendingRunnableJob_WhenAccepted()
    {
        var state = Given.NoEvents().Run(Given.Enqueue(new JobSubmission("job1", "echo hi")), At(5));

        var job = state.Find("job1")!;
        Assert.Equal(JobState.Pending, job.State);
        Assert.Equal(0, job.Attempts);
        Assert.Equal(At(5), job.CreatedAt);
        Assert.Equal(At(5), job.UpdatedAt);
        Assert.Null(job.NextAttemptAt);
        Assert.Equal(1, state.LastSequence);
        Assert.Same(job, state.NextRunnable());
    }

    [Fact]
    public void EnqueueJobs_StoresAllJobsInOneEvent_WhenBulk()
    {
        var given = Given.Events(Given.Enqueued("first"));

        var decision = given.Decide(Given.Enqueue(
            new JobSubmission("a", "echo a"), new JobSubmission("b", "echo b", 0), new JobSubmission("c", "echo c")), T0);

        Expect.Events(decision, new JobsEnqueued(
            [new NewJob("a", "echo a", 3), new NewJob("b", "echo b", 0), new NewJob("c", "echo c", 3)], T0));
        var state = given.ApplyAll(decision.Events);
        Assert.Equal([2L, 3L, 4L], new[] { "a", "b", "c" }.Select(id => state.Find(id)!.Sequence));
        var reply = Assert.IsType<JobsAccepted>(decision.Reply);
        Assert.Equal(["a", "b", "c"], reply.Jobs.Select(j => j.Id));
        Assert.Equal([2L, 3L, 4L], reply.Jobs.Select(j => j.Sequence));
    }

    [Fact]
    public void EnqueueJobs_TakesMaxRetriesFromConfig_WhenSubmissionHasNone()
    {
        var given = Given.Events(new ConfigChanged(QueueSettings.MaxRetriesKey, "7", T0));

        var decision = given.Decide(Given.Enqueue(new JobSubmission("a", "true")), T0);

        Assert.Equal(7, Assert.Single(Expect.Single<JobsEnqueued>(decision).Jobs).MaxRetries);
    }

    [Fact]
    public void EnqueueJobs_IsRejected_WhenIdIsNull()
    {
        var rejected = Expect.Rejected(
            Given.NoEvents().Decide(Given.Enqueue(new JobSubmission(null, "echo hi")), T0), RejectionKind.InvalidInput);

        Assert.Contains("no id", rejected.Reason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("a/b")]
    [InlineData("semi;colon")]
    [InlineData("caf\u00e9")]
    [InlineData("tab\t")]
    public void EnqueueJobs_IsRejected_WhenIdHasForbiddenCharactersOrIsEmpty(string id)
    {
        var rejected = Expect.Rejected(
            Given.NoEvents().Decide(Given.Enqueue(new JobSubmission(id, "echo hi")), T0), RejectionKind.InvalidInput);

        Assert.Contains(id.Length == 0 ? "empty" : "A-Z a-z 0-9 . _ : -", rejected.Reason);
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("x..y")]
    public void EnqueueJobs_IsRejected_WhenIdReadsAsADirectoryInAPath(string id)
    {
        var rejected = Expect.Rejected(
            Given.NoEvents().Decide(Given.Enqueue(new JobSubmission(id, "echo hi")), T0), RejectionKind.InvalidInput);

        Assert.Contains("which a path reads as a directory", rejected.Reason);
    }

    [Fact]
    public void EnqueueJobs_NamesTheJobAndStoresNothing_WhenOneJobOfABatchHasACommandOverTheLimit()
    {
        var decision = Given.NoEvents().Decide(
            Given.Enqueue(new JobSubmission("fine", "true"), new JobSubmission("huge", new string('x', JobCommands.MaxBytes + 1))), T0);

        Assert.Empty(decision.Events);
        var rejected = Expect.Rejected(decision, RejectionKind.InvalidInput);
        Assert.StartsWith("job 'huge' has a command of 131,072 bytes", rejected.Reason);
    }

    [Fact]
    public void EnqueueJobs_IsRejected_WhenIdHas129Characters()
    {
        var rejected = Expect.Rejected(
            Given.NoEvents().Decide(Given.Enqueue(new JobSubmission(new string('a', 129), "true")), T0), RejectionKind.InvalidInput);

        Assert.Contains("129", rejected.Reason);
        Assert.Contains("128", rejected.Reason);
    }

    [Theory]
    [InlineData(128)]
    [InlineData(1)]
    public void EnqueueJobs_AcceptsId_WhenLengthIsWithinLimits(int length)
    {
        var id = new string('x', length);

        var decision = Given.NoEvents().Decide(Given.Enqueue(new JobSubmission(id, "true")), T0);

        Assert.Equal(id, Assert.Single(Expect.Single<JobsEnqueued>(decision).Jobs).Id);
    }

    [Fact]
    public void EnqueueJobs_AcceptsId_WhenItUsesEveryAllowedCharacterClass()
    {
        const string id = "AZaz09._:-";

        var decision = Given.NoEvents().Decide(Given.Enqueue(new JobSubmission(id, "true")), T0);

        Assert.Equal(id, Assert.Single(Expect.Single<JobsEnqueued>(decision).Jobs).Id);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void EnqueueJobs_IsRejected_WhenCommandIsEmpty(string command)
    {
        var rejected = Expect.Rejected(
            Given.NoEvents().Decide(Given.Enqueue(new JobSubmission("a", command)), T0), RejectionKind.InvalidInput);

        Assert.Contains("empty command", rejected.Reason);
    }

    [Fact]
    public void EnqueueJobs_IsRejected_WhenTheCommandHasANulCharacter()
    {
        var rejected = Expect.Rejected(
            Given.NoEvents().Decide(Given.Enqueue(new JobSubmission("a", "echo a\0rm -rf /tmp/x")), T0), RejectionKind.InvalidInput);

        Assert.Contains("NUL character (\\u0000)", rejected.Reason);
    }

    [Fact]
    public void EnqueueJobs_IsRejected_WhenTheCommandIsLongerThanOneArgumentMayBe()
    {
        var longest = new string('x', JobCommands.MaxBytes);
        Expect.Single<JobsEnqueued>(Given.NoEvents().Decide(Given.Enqueue(new JobSubmission("a", longest)), T0));

        var rejected = Expect.Rejected(
            Given.NoEvents().Decide(Given.Enqueue(new JobSubmission("a", longest + "x")), T0), RejectionKind.InvalidInput);

        Assert.Contains("a command of 131,072 bytes", rejected.Reason);
        Assert.Contains("at most 131,071", rejected.Reason);
    }

    [Fact]
    public void EnqueueJobs_IsRejected_WhenNoJobIsGiven()
    {
        Expect.Rejected(Given.NoEvents().Decide(Given.Enqueue(), T0), RejectionKind.InvalidInput);
        Expect.Rejected(Given.NoEvents().Decide(new EnqueueJobs(default), T0), RejectionKind.InvalidInput);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1001)]
    public void EnqueueJobs_IsRejected_WhenMaxRetriesIsOutOfRange(int maxRetries)
    {
        Expect.Rejected(
            Given.NoEvents().Decide(Given.Enqueue(new JobSubmission("a", "true", maxRetries)), T0), RejectionKind.InvalidInput);
    }

    [Fact]
    public void EnqueueJobs_IsRejectedAsConflict_WhenIdAlreadyExists()
    {
        var given = Given.Events(Given.Enqueued("a"));

        var rejected = Expect.Rejected(given.Decide(Given.Enqueue(new JobSubmission("a", "echo again")), T0), RejectionKind.Conflict);

        Assert.Contains("'a' already exists", rejected.Reason);
    }

    [Fact]
    public void EnqueueJobs_RejectsWholeBatch_WhenIdRepeatsWithinIt()
    {
        var rejected = Expect.Rejected(Given.NoEvents().Decide(Given.Enqueue(
            new JobSubmission("a", "true"), new JobSubmission("b", "true"), new JobSubmission("a", "false")), T0), RejectionKind.Conflict);

        Assert.StartsWith("job 'a': ", rejected.Reason);
    }

    [Fact]
    public void EnqueueJobs_RejectsWholeBatch_WhenOneJobIsInvalid()
    {
        var rejected = Expect.Rejected(Given.NoEvents().Decide(Given.Enqueue(
            new JobSubmission("a", "true"), new JobSubmission("b c", "true")), T0), RejectionKind.InvalidInput);

        Assert.StartsWith("job 'b c': ", rejected.Reason);
    }
}
