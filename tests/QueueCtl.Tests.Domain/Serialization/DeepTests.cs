using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;
using QueueCtl.Tests.Domain.Support;
using Xunit.Sdk;

namespace QueueCtl.Tests.Domain.Serialization;

/// <summary>The round-trip tests are only as good as the comparison they rely on.</summary>
public sealed class DeepTests
{
    [Fact]
    public void Equal_Passes_WhenCollectionsAreDistinctInstancesWithEqualItems()
    {
        Deep.Equal(new JobDetails(Samples.FullJob), new JobDetails(Samples.FullJob with { DependsOn = ["fetch-1", "compile-2"] }));
    }

    [Fact]
    public void Equal_FailsWithThePath_WhenAnItemOfANestedListDiffers()
    {
        var changed = Samples.FullJob with
        {
            History = Samples.FullJob.History.SetItem(1, Samples.FullJob.History[1] with { Reason = "other" }),
        };

        var error = Assert.ThrowsAny<XunitException>(() => Deep.Equal(new JobList([Samples.FullJob], 1), new JobList([changed], 1)));

        Assert.Contains("$.Jobs[0].History[1].Reason", error.Message);
    }

    [Fact]
    public void Equal_Fails_WhenOnlyTheOffsetOfATimestampDiffers()
    {
        var utc = new JobStarted("a", 1, Clock.T0);

        Assert.ThrowsAny<XunitException>(() => Deep.Equal(utc, utc with { At = Clock.T0.ToOffset(TimeSpan.FromHours(1)) }));
    }

    [Fact]
    public void Equal_Fails_WhenANullableFieldIsLost()
    {
        Assert.ThrowsAny<XunitException>(() => Deep.Equal(Samples.FullJob, Samples.FullJob with { NextAttemptAt = null }));
    }
}
