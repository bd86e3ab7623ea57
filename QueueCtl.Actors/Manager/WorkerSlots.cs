namespace QueueCtl.Actors.Manager;

/// <summary>
/// The manager's workers, as far as handing out jobs goes: how many hold a job, and which are idle. A worker that
/// reports its outcome is idle until it is given the next job, which goes to it directly; only when none is idle
/// does a job go to the router, which starts a new worker for it. Workers beyond the configured count are retired as
/// soon as they are idle.
/// </summary>
internal sealed class WorkerSlots<TWorker> where TWorker : class
{
    private readonly Stack<TWorker> _idle = new();

    /// <summary>Workers given a job that have not reported its outcome yet.</summary>
    public int Busy { get; private set; }

    public int Idle => _idle.Count;

    /// <summary>The idle worker to give the next job to, or null if a new one must be started for it; either way it is busy.</summary>
    public TWorker? Assign()
    {
        Busy++;
        return _idle.TryPop(out var worker) ? worker : null;
    }

    /// <summary>The worker reported its job's outcome and can take another.</summary>
    public void Released(TWorker worker)
    {
        if (Busy == 0)
        {
            throw new InvalidOperationException("a worker was released that held no job");
        }
        Busy--;
        _idle.Push(worker);
    }

    /// <summary>Takes out the idle workers beyond <paramref name="count"/> workers in all, for the caller to stop.</summary>
    public List<TWorker> TakeSurplus(int count)
    {
        var surplus = new List<TWorker>();
        while (_idle.Count > 0 && _idle.Count + Busy > count)
        {
            surplus.Add(_idle.Pop());
        }
        return surplus;
    }
}
