using System.Collections.Immutable;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;
using QueueCtl.Cli.Commands;
using QueueCtl.Cli.Output;

namespace QueueCtl.Tests.Cli;

/// <summary>Each verb's options map to exactly one protocol message, or to exit 2 before the host is asked.</summary>
public class CommandRequestTests
{
    [Fact]
    public void ListCommand_SendsListJobsWithStateAndLimit_WhenValid()
    {
        Assert.Equal(new ListJobs(JobState.Dead, 10), ListCommand.ToRequest("DEAD", 10).Request);
        Assert.Equal(new ListJobs(null, 50), ListCommand.ToRequest(null, 50).Request);
    }

    [Fact]
    public void ListCommand_ListsValidStates_WhenStateUnknown()
    {
        var (request, problem) = ListCommand.ToRequest("running", 50);
        Assert.Null(request);
        Assert.Equal(2, problem!.ExitCode);
        Assert.Contains("pending, processing, completed, failed, dead", problem.Stderr);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(10_001)]
    public void ListCommand_ExitsTwo_WhenLimitOutOfRange(int limit)
    {
        Assert.Equal(2, ListCommand.ToRequest(null, limit).Problem!.ExitCode);
    }

    [Fact]
    public void ListCommand_SendsOffsetOrderAndGrep_WhenGiven()
    {
        Assert.Equal(new ListJobs(JobState.Completed, 50, 100, JobOrder.Created, "backup"),
            ListCommand.ToRequest("completed", 50, 100, "created", "backup").Request);
        Assert.Equal(new ListJobs(null, 10, 0, JobOrder.Priority), ListCommand.ToRequest(null, 10, 0, " PRIORITY ").Request);
        Assert.Equal(new ListJobs(null, 10, 0, JobOrder.Updated), ListCommand.ToRequest(null, 10, sort: "updated").Request);
        Assert.Equal(new ListJobs(null, 10, int.MaxValue, JobOrder.Newest), ListCommand.ToRequest(null, 10, int.MaxValue, "newest").Request);
    }

    [Theory]
    [InlineData(-1, null, null, "--offset -1 is out of range")]
    [InlineData(0, "random", null, "unknown order 'random'; use --sort with one of: newest, created, updated, priority")]
    [InlineData(0, null, "", "--grep is empty")]
    public void ListCommand_ExitsTwo_WhenPageOptionsBad(int offset, string? sort, string? grep, string says)
    {
        var (request, problem) = ListCommand.ToRequest(null, 50, offset, sort, grep);
        Assert.Null(request);
        Assert.Equal(2, problem!.ExitCode);
        Assert.StartsWith($"queuectl: {says}", problem.Stderr);
    }

    [Fact]
    public void ListPage_SendsDeadJobsWithThePageOptions_ForDlqList()
    {
        Assert.Equal(new ListJobs(JobState.Dead, 20, 40, JobOrder.Updated, "curl"),
            ListPage.ToRequest(JobState.Dead, 20, 40, "updated", "curl").Request);
        Assert.Equal(2, ListPage.ToRequest(JobState.Dead, 0, 0, null, null).Problem!.ExitCode);
    }

    [Theory]
    [InlineData(null, null, true, null, null)]
    [InlineData("completed", null, false, JobState.Completed, null)]
    [InlineData(" DEAD ", null, false, JobState.Dead, null)]
    [InlineData(null, "7d", false, null, 604_800L)]
    [InlineData(null, "1h30m", false, null, 5_400L)]
    [InlineData(null, "0s", false, null, 0L)]
    [InlineData("dead", "12h", false, JobState.Dead, 43_200L)]
    public void CleanCommand_SendsCleanJobs_WhenOptionsValid(string? state, string? olderThan, bool all, JobState? expectedState, long? expectedSeconds)
    {
        Assert.Equal(new CleanJobs(expectedState, expectedSeconds), CleanCommand.ToRequest(state, olderThan, all).Request);
    }

    [Theory]
    [InlineData(null, null, false, "clean needs --state, --older-than or --all; for example `queuectl clean --state completed --older-than 7d`")]
    [InlineData("dead", null, true, "--all already means every finished job, so it takes no --state or --older-than")]
    [InlineData(null, "1d", true, "--all already means every finished job")]
    [InlineData("pending", null, false, "clean --state 'pending' is not a finished state; use completed or dead")]
    [InlineData("failed", null, false, "clean --state 'failed' is not a finished state")]
    [InlineData("bogus", null, false, "clean --state 'bogus' is not a finished state")]
    [InlineData(null, "5", false, "--older-than 5 has no unit; write 5s, 5m, 5h or 5d")]
    [InlineData(null, "-1d", false, "--older-than -1d is negative")]
    [InlineData(null, "soon", false, "--older-than 'soon' is not a duration")]
    [InlineData(null, "3651d", false, "--older-than 3651d is too long; give at most 3650d")]
    public void CleanCommand_ExitsTwoNamingTheProblem_WhenOptionsBad(string? state, string? olderThan, bool all, string says)
    {
        var (request, problem) = CleanCommand.ToRequest(state, olderThan, all);
        Assert.Null(request);
        Assert.Equal(2, problem!.ExitCode);
        Assert.StartsWith($"queuectl: {says}", problem.Stderr);
    }

    [Fact]
    public async Task CleanCommand_ExitsTwoBeforeAskingAnyHost_WhenGivenNoOption()
    {
        var result = await CliRunner.RunAsync("clean", "--host", ClosedPort.HostOption());
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.StartsWith("queuectl: clean needs --state, --older-than or --all", result.Stderr);
    }

    [Fact]
    public void DlqRetryCommand_SendsRetryDeadJob_WhenIdGiven()
    {
        Assert.Equal(new RetryDeadJob("job1"), DlqRetryCommand.ToRequest("job1", all: false).Request);
    }

    [Fact]
    public void DlqRetryCommand_SendsRetryAll_WhenAllGiven()
    {
        Assert.Same(RetryAllDeadJobs.Instance, DlqRetryCommand.ToRequest(null, all: true).Request);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("job1", true)]
    [InlineData("bad id", false)]
    public void DlqRetryCommand_ExitsTwo_WhenNotExactlyOneValidChoice(string? id, bool all)
    {
        Assert.Equal(2, DlqRetryCommand.ToRequest(id, all).Problem!.ExitCode);
    }

    [Theory]
    [InlineData("max_retries", "5", "max-retries")]
    [InlineData("MAX-RETRIES", "5", "max-retries")]
    [InlineData("backoff-base", "1.5", "backoff-base")]
    [InlineData("backoff_max_seconds", "60", "backoff-max-seconds")]
    public void ConfigSetCommand_NormalizesKey_WhenKnown(string key, string value, string normalized)
    {
        Assert.Equal(new SetConfig(normalized, value), ConfigSetCommand.ToRequest(key, value).Request);
    }

    [Fact]
    public void ConfigSetCommand_ListsKnownKeys_WhenKeyUnknown()
    {
        var problem = ConfigSetCommand.ToRequest("retries", "5").Problem!;
        Assert.Equal(2, problem.ExitCode);
        Assert.Contains("max-retries, backoff-base, backoff-max-seconds", problem.Stderr);
    }

    [Theory]
    [InlineData("max-retries", "-1")]
    [InlineData("max-retries", "lots")]
    [InlineData("backoff-base", "0.5")]
    [InlineData("backoff-max-seconds", "0")]
    public void ConfigSetCommand_ExitsTwo_WhenValueInvalid(string key, string value)
    {
        Assert.Equal(2, ConfigSetCommand.ToRequest(key, value).Problem!.ExitCode);
    }

    [Fact]
    public void ConfigGetCommand_PicksOneValue_WhenKeyPresent()
    {
        var view = new ConfigView(ImmutableSortedDictionary<string, string>.Empty.Add("max-retries", "3"));
        Assert.Equal(new ConfigEntry("max-retries", "3"), ConfigGetCommand.ToEntry(view, "max-retries"));
    }

    [Fact]
    public void ConfigGetCommand_Refuses_WhenHostLacksKey()
    {
        var view = new ConfigView(ImmutableSortedDictionary<string, string>.Empty);
        Assert.IsType<CommandRejected>(ConfigGetCommand.ToEntry(view, "max-retries"));
    }

    [Fact]
    public void WaitCommand_SendsDistinctIds_WhenValid()
    {
        Assert.Equal(["a", "b"], WaitCommand.ToRequest(["a", "b", "a"]).Request!.JobIds.ToArray());
    }

    [Fact]
    public void WaitCommand_SplitsManyIdsIntoBatchesInOrder_SoThatNoReplyOutgrowsTheFrame()
    {
        var ids = Enumerable.Range(0, 2 * WaitCommand.BatchSize + 1).Select(i => $"job-{i}").ToArray();

        var batches = WaitCommand.Batches(WaitCommand.ToRequest(ids).Request!).ToList();

        Assert.Equal([WaitCommand.BatchSize, WaitCommand.BatchSize, 1], batches.Select(b => b.JobIds.Length));
        Assert.Equal(ids, batches.SelectMany(b => b.JobIds));
    }

    [Fact]
    public void WaitCommand_ExitsTwo_WhenAnyIdInvalid()
    {
        Assert.Equal(2, WaitCommand.ToRequest(["a", "b/c"]).Problem!.ExitCode);
    }
}
