using QueueCtl.Actors.Domain;
using static QueueCtl.Tests.Domain.Support.Clock;

namespace QueueCtl.Tests.Domain.Support;

/// <summary>A queue with one job in each state, enqueued in the order done, failed, dead, running, waiting, later.</summary>
internal static class Mixed
{
    public static IQueueEvent[] Events =>
    [
        new ConfigChanged("backoff-base", "3", T0),
        Given.Enqueued("done", "failed", "dead"),
        Given.EnqueuedWith(5, "running", "waiting"),
        Given.Enqueued("later"),
        Given.Workers(4),
        new JobStarted("done", 1, At(1)),
        new JobStarted("failed", 1, At(1)),
        new JobStarted("dead", 1, At(1)),
        new JobStarted("running", 1, At(1)),
        new JobCompleted("done", 0, At(2)),
        new JobFailed("failed", 2, "exited with code 2", At(5), At(2)),
        new JobDied("dead", 1, "exited with code 1; gave up after 3 retries", At(2)),
        new WorkerCountSet(2, At(3)),
    ];

    public static QueueState State() => Given.Events(Events);
}
