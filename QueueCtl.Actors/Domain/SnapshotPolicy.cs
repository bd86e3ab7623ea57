namespace QueueCtl.Actors.Domain;

/// <summary>
/// When the queue manager saves a snapshot: after <c>snapshot-every</c> stored events, or after as many events as the
/// queue holds jobs, whichever is more. A snapshot holds every job, so its cost grows with the queue; spacing them by
/// the queue's size keeps that cost per event constant (a queue of 100,000 jobs would otherwise write its whole state
/// every 1,000 jobs). Recovery then replays at most that many events after the snapshot it loads.
/// </summary>
public static class SnapshotPolicy
{
    public static bool IsDue(int eventsSinceSnapshot, int snapshotEvery, int jobCount) =>
        eventsSinceSnapshot >= Math.Max(snapshotEvery, jobCount);
}
