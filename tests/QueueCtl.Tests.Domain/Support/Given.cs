using System.Collections.Immutable;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;

namespace QueueCtl.Tests.Domain.Support;

/// <summary>Builds a given state by applying stored events, exactly as recovery does.</summary>
internal static class Given
{
    /// <summary>The defaults of <c>hocon/queuectl.conf</c>: max-retries 3, backoff-base 2, backoff-max-seconds 3600.</summary>
    public static readonly QueueSettings Defaults = new(MaxRetries: 3, BackoffBase: 2, BackoffMaxSeconds: 3600);

    public static QueueState NoEvents(QueueSettings? defaults = null) => QueueState.Empty(defaults ?? Defaults);

    public static QueueState Events(params IQueueEvent[] events) => NoEvents().ApplyAll(events);

    /// <summary>One <see cref="JobsEnqueued"/> of jobs <c>echo ID</c> with the default max_retries, at T0.</summary>
    public static JobsEnqueued Enqueued(params string[] ids) => EnqueuedWith(3, ids);

    public static JobsEnqueued EnqueuedWith(int maxRetries, params string[] ids) =>
        new([.. ids.Select(id => new NewJob(id, $"echo {id}", maxRetries))], Clock.T0);

    public static WorkerCountSet Workers(int count) => new(count, Clock.T0);

    public static EnqueueJobs Enqueue(params JobSubmission[] jobs) => new([.. jobs]);

    public static RecordRunOutcome Exit(string id, int attempt, int code) => new(id, attempt, new RunOutcome.Exited(code));

    public static QueueState ApplyAll(this QueueState state, IEnumerable<IQueueEvent> events) =>
        events.Aggregate(state, (s, e) => s.Apply(e));

    /// <summary>Decides <paramref name="command"/> and applies what it decided, as the manager does.</summary>
    public static QueueState Run(this QueueState state, object command, DateTimeOffset now) =>
        state.ApplyAll(state.Decide(command, now).Events);

    public static ImmutableArray<IQueueEvent> EventsOf(this QueueState state, object command, DateTimeOffset now) =>
        state.Decide(command, now).Events;
}
