namespace QueueCtl.Actors.Manager;

/// <summary>
/// The manager's workers, as far as handing out runs goes: which worker holds which run, and which are idle. A worker
/// that reports its run's outcome is idle until it is given the next run, which goes to it directly; only when none is
/// idle does a run go to the pool, which starts a new worker for it and says which (<see cref="Started"/>). Workers
/// beyond the configured count are retired as soon as they are idle. Nothing here throws: a report that does not match
/// what the slots know is answered with false, for the manager to drop and log.
/// </summary>
internal sealed class WorkerSlots<TWorker> where TWorker : class
{
    private readonly List<TWorker> _idle = [];
    private readonly Dictionary<TWorker, RunKey> _busy = [];

    /// <summary>Runs sent to the pool for a new worker that it has not named yet.</summary>
    private readonly HashSet<RunKey> _starting = [];

    /// <summary>Runs handed out whose outcome has not come back yet.</summary>
    public int Busy => _busy.Count + _starting.Count;

    public int Idle => _idle.Count;

    /// <summary>The jobs whose runs are out with a worker.</summary>
    public IEnumerable<string> HeldJobs => _busy.Values.Concat(_starting).Select(run => run.JobId);

    /// <summary>The idle worker to give <paramref name="run"/> to, or null if the pool must start one for it.</summary>
    public TWorker? Assign(RunKey run)
    {
        if (_idle.Count == 0)
        {
            _starting.Add(run);
            return null;
        }
        var worker = _idle[^1];
        _idle.RemoveAt(_idle.Count - 1);
        _busy[worker] = run;
        return worker;
    }

    /// <summary>The pool started <paramref name="worker"/> for <paramref name="run"/> (unless that run has ended already).</summary>
    public void Started(TWorker worker, RunKey run)
    {
        if (_starting.Remove(run))
        {
            _busy[worker] = run;
        }
    }

    /// <summary>
    /// <paramref name="worker"/> reported the outcome of <paramref name="run"/> and is idle. False, changing nothing, if
    /// the worker was not known to hold that run.
    /// </summary>
    public bool Released(TWorker worker, RunKey run)
    {
        if (_busy.TryGetValue(worker, out var held))
        {
            if (held != run)
            {
                return false;
            }
            _busy.Remove(worker);
        }
        else if (_idle.Contains(worker) || !_starting.Remove(run))
        {
            return false; // idle already, or never given that run
        }
        // Otherwise a new worker reported before the pool's WorkerStarted arrived; Started will then change nothing.
        _idle.Add(worker);
        return true;
    }

    /// <summary>A worker found after the manager (re)started, holding <paramref name="run"/> or idle.</summary>
    public void Attach(TWorker worker, RunKey? run)
    {
        Lost(worker);
        if (run is { } held)
        {
            _busy[worker] = held;
        }
        else
        {
            _idle.Add(worker);
        }
    }

    /// <summary>
    /// <paramref name="worker"/> refused <paramref name="refused"/> because it still runs <paramref name="running"/>:
    /// it holds that run, and the refused one is out with nobody. False if the slots did not give it the refused run.
    /// </summary>
    public bool Refused(TWorker worker, RunKey refused, RunKey running)
    {
        if (!_busy.TryGetValue(worker, out var held) || held != refused)
        {
            return false;
        }
        _busy[worker] = running;
        return true;
    }

    /// <summary>The worker is gone: forgets it, and returns the run it held, if any.</summary>
    public RunKey? Lost(TWorker worker)
    {
        _idle.Remove(worker);
        return _busy.Remove(worker, out var run) ? run : null;
    }

    /// <summary>Takes out the idle workers beyond <paramref name="count"/> workers in all, for the caller to stop.</summary>
    public List<TWorker> TakeSurplus(int count)
    {
        var surplus = new List<TWorker>();
        while (_idle.Count > 0 && _idle.Count + Busy > count)
        {
            surplus.Add(_idle[^1]);
            _idle.RemoveAt(_idle.Count - 1);
        }
        return surplus;
    }
}
