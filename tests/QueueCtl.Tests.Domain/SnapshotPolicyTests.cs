using QueueCtl.Actors.Domain;

namespace QueueCtl.Tests.Domain;

public sealed class SnapshotPolicyTests
{
    [Theory]
    [InlineData(1999, 2000, 10, false)]
    [InlineData(2000, 2000, 10, true)]
    [InlineData(2000, 2000, 50_000, false)] // a large queue: a snapshot every 50,000 events, not every 2,000
    [InlineData(49_999, 2000, 50_000, false)]
    [InlineData(50_000, 2000, 50_000, true)]
    [InlineData(3, 3, 0, true)]
    public void IsDue_AfterSnapshotEveryEventsOrAsManyEventsAsJobsWhicheverIsMore(int eventsSince, int every, int jobs, bool due)
    {
        Assert.Equal(due, SnapshotPolicy.IsDue(eventsSince, every, jobs));
    }
}
