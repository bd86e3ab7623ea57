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
