using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;

namespace QueueCtl.Tests.Domain.Support;

/// <summary>Then-assertions on a <see cref="Decision"/>.</summary>
internal static class Expect
{
    public static void Events(Decision decision, params IQueueEvent[] expected) =>
        Assert.Equal(expected, decision.Events, EventComparer.Instance);

    public static void Nothing(Decision decision)
    {
        Assert.Empty(decision.Events);
        Assert.Null(decision.Reply);
    }

    /// <summary>A rejection stores nothing and says why.</summary>
    public static CommandRejected Rejected(Decision decision, RejectionKind kind)
    {
        Assert.Empty(decision.Events);
        var rejected = Assert.IsType<CommandRejected>(decision.Reply);
        Assert.Equal(kind, rejected.Kind);
        Assert.False(string.IsNullOrWhiteSpace(rejected.Reason));
        return rejected;
    }

    public static T Single<T>(Decision decision) where T : IQueueEvent =>
        Assert.IsType<T>(Assert.Single(decision.Events));

    /// <summary>Record equality compares <see cref="JobsEnqueued.Jobs"/> and <see cref="ScheduledJobsDue.JobIds"/> by reference; compare them element-wise.</summary>
    private sealed class EventComparer : IEqualityComparer<IQueueEvent>
    {
        public static readonly EventComparer Instance = new();

        public bool Equals(IQueueEvent? x, IQueueEvent? y) => (x, y) switch
        {
            (JobsEnqueued a, JobsEnqueued b) => a.At == b.At && a.At.Offset == b.At.Offset && a.Jobs.SequenceEqual(b.Jobs, NewJobComparer.Instance),
            (ScheduledJobsDue a, ScheduledJobsDue b) => a.At == b.At && a.At.Offset == b.At.Offset && a.JobIds.SequenceEqual(b.JobIds),
            _ => object.Equals(x, y),
        };

        public int GetHashCode(IQueueEvent obj) => obj.GetType().GetHashCode();
    }

    /// <summary>Compares <see cref="NewJob.DependsOn"/> element-wise (left out and empty alike), the rest as records.</summary>
    private sealed class NewJobComparer : IEqualityComparer<NewJob>
    {
        public static readonly NewJobComparer Instance = new();

        public bool Equals(NewJob? x, NewJob? y) =>
            x is not null && y is not null && x with { DependsOn = default } == y with { DependsOn = default }
            && (x.DependsOn.IsDefault ? [] : x.DependsOn).SequenceEqual(y.DependsOn.IsDefault ? [] : y.DependsOn);

        public int GetHashCode(NewJob obj) => obj.Id.GetHashCode();
    }
}
