using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Event;

namespace QueueCtl.Actors.Hosting;

/// <summary>
/// An Akka scheduler that sleeps until its earliest deadline. Akka's default (<see cref="HashedWheelTimerScheduler"/>)
/// wakes every tick whether or not anything is due, which is an idle host's only steady CPU; this one keeps its
/// deadlines in a heap and arms one .NET timer for the first, so an idle host wakes only when something is due, and a
/// retry or a timeout fires within a millisecond of its time rather than on the next 100 ms tick.
/// </summary>
/// <remarks>
/// Due tasks run one batch at a time in deadline order, on a thread-pool thread, as Akka's own runs them on its worker:
/// they must be short (a Tell). A cancelled task stays in the heap until its deadline or the next purge, which drops
/// them whenever the heap has doubled, so cancelled timers cost memory in proportion to live ones.
/// </remarks>
public sealed class DeadlineScheduler : SchedulerBase, IDateTimeOffsetNowTimeProvider, IDisposable
{
    /// <summary>The HOCON that makes an actor system use this scheduler.</summary>
    public static Config Hocon { get; } = ConfigurationFactory.ParseString(
        $"akka.scheduler.implementation = \"{typeof(DeadlineScheduler).FullName}, {typeof(DeadlineScheduler).Assembly.GetName().Name}\"");

    private const int FirstPurgeAt = 1024;

    // System.Threading.Timer takes at most 2^32 - 2 ms; a later deadline re-arms when the timer fires early.
    private static readonly long LongestArmTicks = TimeSpan.FromDays(45).Ticks;

    private static readonly System.Diagnostics.Stopwatch Clock = System.Diagnostics.Stopwatch.StartNew();

    private readonly object _gate = new();
    private readonly PriorityQueue<Scheduled, (long Deadline, long Order)> _heap = new();
    private readonly Timer _timer;
    private long _armedFor = long.MaxValue;
    private long _order;
    private int _purgeAt = FirstPurgeAt;
    private bool _running;
    private bool _stopped;

    public DeadlineScheduler(Config config, ILoggingAdapter log) : base(config, log) =>
        _timer = new Timer(_ => RunDue(), null, Timeout.Infinite, Timeout.Infinite);

    protected override DateTimeOffset TimeNow => DateTimeOffset.UtcNow;

    public override TimeSpan MonotonicClock => Clock.Elapsed;

    public override TimeSpan HighResMonotonicClock => Clock.Elapsed;

    /// <summary>How many tasks the heap holds, cancelled ones not yet purged included (for tests).</summary>
    internal int Count
    {
        get { lock (_gate) return _heap.Count; }
    }

    /// <summary>The repeating tasks it holds, each with its interval, cancelled ones left out (for tests).</summary>
    internal IReadOnlyList<(string Task, TimeSpan Interval)> Repeating()
    {
        lock (_gate)
        {
            return [.. _heap.UnorderedItems.Select(item => item.Element)
                .Where(task => task.IntervalTicks > 0 && !task.Cancelled)
                .Select(task => (task.Action.ToString() ?? task.Action.GetType().Name, TimeSpan.FromTicks(task.IntervalTicks)))];
        }
    }

    protected override void InternalScheduleTellOnce(TimeSpan delay, ICanTell receiver, object message, IActorRef sender, ICancelable cancelable) =>
        Add(delay, TimeSpan.Zero, new Tell(receiver, message, sender), cancelable);

    protected override void InternalScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, ICanTell receiver, object message, IActorRef sender, ICancelable cancelable) =>
        Add(initialDelay, interval, new Tell(receiver, message, sender), cancelable);

    protected override void InternalScheduleOnce(TimeSpan delay, Action action, ICancelable cancelable) =>
        Add(delay, TimeSpan.Zero, new ActionRunnable(action), cancelable);

    protected override void InternalScheduleOnce(TimeSpan delay, IRunnable action, ICancelable cancelable) =>
        Add(delay, TimeSpan.Zero, action, cancelable);

    protected override void InternalScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, Action action, ICancelable cancelable) =>
        Add(initialDelay, interval, new ActionRunnable(action), cancelable);

    protected override void InternalScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, IRunnable action, ICancelable cancelable) =>
        Add(initialDelay, interval, action, cancelable);

    private void Add(TimeSpan delay, TimeSpan interval, IRunnable action, ICancelable? cancelable)
    {
        var task = new Scheduled(action, cancelable, interval.Ticks);
        lock (_gate)
        {
            if (_stopped) throw new SchedulerException("cannot enqueue after timer shutdown");
            Enqueue(task, Now() + Math.Max(0, delay.Ticks));
            if (_heap.Count >= _purgeAt) PurgeCancelled();
            if (!_running) Arm();
        }
    }

    private void RunDue()
    {
        var batch = new List<Scheduled>();
        lock (_gate)
        {
            // A timer that fires while a batch runs leaves it to the runner, which looks again before it stops.
            if (_running || _stopped) return;
            _running = true;
            _armedFor = long.MaxValue; // the timer is one-shot: once it has fired, nothing is armed
        }
        while (true)
        {
            lock (_gate)
            {
                batch.Clear();
                TakeDue(Now(), batch);
                if (batch.Count == 0 || _stopped)
                {
                    _running = false;
                    if (!_stopped) Arm();
                    return;
                }
            }
            foreach (var task in batch) Run(task);
        }
    }

    private void TakeDue(long now, List<Scheduled> batch)
    {
        while (_heap.TryPeek(out var task, out var key) && key.Deadline <= now)
        {
            _heap.Dequeue();
            if (task.Cancelled) continue;
            batch.Add(task);
            if (task.IntervalTicks > 0)
            {
                // A repeating task that fell behind starts over from now rather than firing the missed times in a burst.
                var next = key.Deadline + task.IntervalTicks;
                Enqueue(task, next > now ? next : now + task.IntervalTicks);
            }
        }
    }

    private void Run(Scheduled task)
    {
        if (task.Cancelled) return;
        try
        {
            task.Action.Run();
        }
        catch (Exception e)
        {
            Log.Error(e, "Exception while executing timer task {0}", task.Action);
        }
    }

    private void Enqueue(Scheduled task, long deadline) => _heap.Enqueue(task, (deadline, _order++));

    /// <summary>Sets the timer for the earliest deadline, or stops it when nothing is left.</summary>
    private void Arm()
    {
        if (!_heap.TryPeek(out _, out var key))
        {
            if (_armedFor != long.MaxValue) _timer.Change(Timeout.Infinite, Timeout.Infinite);
            _armedFor = long.MaxValue;
            return;
        }
        if (key.Deadline == _armedFor) return;
        var wait = Math.Clamp(key.Deadline - Now(), 0, LongestArmTicks);
        _timer.Change((wait + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond, Timeout.Infinite);
        _armedFor = key.Deadline;
    }

    private void PurgeCancelled()
    {
        var live = _heap.UnorderedItems.Where(item => !item.Element.Cancelled).ToList();
        _heap.Clear();
        _heap.EnqueueRange(live.Select(item => (item.Element, item.Priority)));
        _purgeAt = Math.Max(FirstPurgeAt, 2 * _heap.Count);
    }

    // .NET's timers count on a coarse clock and may fire a few milliseconds early; RunDue then finds nothing due and re-arms.
    private static long Now() => Clock.Elapsed.Ticks;

    /// <summary>Stops the timer and runs every task still waiting once, as Akka's own scheduler does when it stops.</summary>
    public void Dispose()
    {
        List<Scheduled> left;
        lock (_gate)
        {
            if (_stopped) return;
            _stopped = true;
            _timer.Dispose();
            left = _heap.UnorderedItems.OrderBy(item => item.Priority).Select(item => item.Element).ToList();
            _heap.Clear();
        }
        foreach (var task in left) Run(task);
    }

    private sealed record Scheduled(IRunnable Action, ICancelable? Cancelable, long IntervalTicks)
    {
        public bool Cancelled => Cancelable?.IsCancellationRequested == true;
    }

    private sealed class Tell(ICanTell receiver, object message, IActorRef sender) : IRunnable
    {
        public void Run() => receiver.Tell(message, sender);

        public void Execute() => Run();

        public override string ToString() => $"[{receiver}.Tell({message}, {sender})]";
    }
}
