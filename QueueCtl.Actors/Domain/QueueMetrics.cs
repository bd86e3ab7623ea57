using System.Collections.Immutable;
using QueueCtl.Actors.Protocol;

namespace QueueCtl.Actors.Domain;

/// <summary>
/// The queue's figures over time, fed by the manager with each event as it is stored: totals since the manager started,
/// counts per second over the last five minutes, and the durations of the latest runs, waits and journal writes for
/// percentiles. Pure and single-threaded (the manager's): the clock comes in with every call, so a test drives it in
/// microseconds.
/// </summary>
/// <param name="observer">Told of each count and duration as it is recorded (the manager's meters), if any.</param>
public sealed class QueueMetrics(DateTimeOffset startedAt, IMetricsObserver? observer = null)
{
    /// <summary>How far back the per-second counts reach.</summary>
    public const int WindowSeconds = 300;

    /// <summary>How many minutes back the per-minute counts reach (the dashboard's chart of the last hour).</summary>
    public const int WindowMinutes = 60;

    /// <summary>How many of the latest durations each percentile is taken over.</summary>
    public const int Samples = 4096;

    private static readonly int Kinds = Enum.GetValues<MetricCount>().Length;

    private readonly long[] _totals = new long[Kinds];
    private readonly long[] _perSecond = new long[WindowSeconds * Kinds];
    private readonly long[] _secondOfSlot = Enumerable.Repeat(long.MinValue, WindowSeconds).ToArray();
    private readonly long[] _perMinute = new long[WindowMinutes * Kinds];
    private readonly long[] _minuteOfSlot = Enumerable.Repeat(long.MinValue, WindowMinutes).ToArray();
    private readonly SampleRing _runSeconds = new(Samples);
    private readonly SampleRing _waitSeconds = new(Samples);
    private readonly SampleRing _writeSeconds = new(Samples);
    private readonly SampleRing _eventsPerWrite = new(Samples);

    public DateTimeOffset StartedAt { get; } = startedAt;

    public long Total(MetricCount kind) => _totals[(int)kind];

    /// <summary>Counts what a stored event says happened; <paramref name="state"/> is the queue once it was applied.</summary>
    public void Record(IQueueEvent stored, QueueState state)
    {
        switch (stored)
        {
            case JobsEnqueued e:
                Count(MetricCount.Enqueued, e.Jobs.Length, e.At);
                break;
            case JobStarted e when state.Find(e.JobId) is { } job && BecameRunnableAt(job) is { } runnableAt:
                Observe(MetricDuration.Wait, _waitSeconds, Seconds(e.At - runnableAt));
                break;
            case JobCompleted e:
                Count(MetricCount.Completed, 1, e.At);
                ObserveRun(state.Find(e.JobId), e.At);
                break;
            case JobFailed e:
                Count(MetricCount.Failed, 1, e.At);
                ObserveRun(state.Find(e.JobId), e.At);
                break;
            case JobDied e:
                Count(MetricCount.Dead, 1, e.At);
                ObserveRun(state.Find(e.JobId), e.At);
                break;
        }
    }

    /// <summary>One journal write of <paramref name="events"/> events came back stored after <paramref name="took"/>.</summary>
    public void Written(int events, TimeSpan took)
    {
        Observe(MetricDuration.Write, _writeSeconds, Seconds(took));
        _eventsPerWrite.Add(events);
        observer?.Written(events);
    }

    /// <summary>Events per second of one kind over the last <paramref name="seconds"/>, or since start if that is sooner.</summary>
    public double RatePerSecond(MetricCount kind, int seconds, DateTimeOffset now)
    {
        var nowSecond = now.ToUnixTimeSeconds();
        long sum = 0;
        for (var slot = 0; slot < WindowSeconds; slot++)
        {
            var second = _secondOfSlot[slot];
            if (second > nowSecond - seconds && second <= nowSecond)
            {
                sum += _perSecond[slot * Kinds + (int)kind];
            }
        }
        return sum / Math.Clamp((now - StartedAt).TotalSeconds, 1, seconds);
    }

    /// <summary>The figures as the protocol carries them, without what only the host process knows (CPU, memory).</summary>
    public ThroughputView Throughput(MetricCount kind, DateTimeOffset now) => new(
        kind.ToString().ToLowerInvariant(),
        Total(kind),
        RatePerSecond(kind, 60, now),
        RatePerSecond(kind, WindowSeconds, now),
        Total(kind) / Math.Max((now - StartedAt).TotalSeconds, 1));

    public PercentilesView RunSeconds() => _runSeconds.Percentiles();

    public PercentilesView WaitSeconds() => _waitSeconds.Percentiles();

    public PercentilesView WriteSeconds() => _writeSeconds.Percentiles();

    public PercentilesView EventsPerWrite() => _eventsPerWrite.Percentiles();

    /// <summary>The counts of each of the last <see cref="WindowMinutes"/> minutes, oldest first, the current one last.</summary>
    public ImmutableArray<MinuteView> LastHour(DateTimeOffset now)
    {
        var thisMinute = now.ToUnixTimeSeconds() / 60;
        var minutes = ImmutableArray.CreateBuilder<MinuteView>(WindowMinutes);
        for (var minute = thisMinute - WindowMinutes + 1; minute <= thisMinute; minute++)
        {
            var slot = Slot(minute, WindowMinutes);
            long Of(MetricCount kind) => _minuteOfSlot[slot] == minute ? _perMinute[slot * Kinds + (int)kind] : 0;
            minutes.Add(new MinuteView(DateTimeOffset.FromUnixTimeSeconds(minute * 60),
                Of(MetricCount.Enqueued), Of(MetricCount.Completed), Of(MetricCount.Failed), Of(MetricCount.Dead)));
        }
        return minutes.MoveToImmutable();
    }

    private void Count(MetricCount kind, long count, DateTimeOffset at)
    {
        _totals[(int)kind] += count;
        var second = at.ToUnixTimeSeconds();
        Add(_perSecond, _secondOfSlot, second, WindowSeconds, kind, count);
        Add(_perMinute, _minuteOfSlot, second / 60, WindowMinutes, kind, count);
        observer?.Counted(kind, count);
    }

    /// <summary>Adds to the ring slot of <paramref name="unit"/> (a second or a minute), starting it over if it last held an older one.</summary>
    private static void Add(long[] counts, long[] unitOfSlot, long unit, int window, MetricCount kind, long count)
    {
        var slot = Slot(unit, window);
        if (unitOfSlot[slot] != unit)
        {
            unitOfSlot[slot] = unit;
            Array.Clear(counts, slot * Kinds, Kinds);
        }
        counts[slot * Kinds + (int)kind] += count;
    }

    private static int Slot(long unit, int window) => (int)(((unit % window) + window) % window);

    private void Observe(MetricDuration duration, SampleRing samples, double seconds)
    {
        samples.Add(seconds);
        observer?.Observed(duration, seconds);
    }

    /// <summary>A run's time, when the job's last step before this end was its start (a pending job canceled never ran).</summary>
    private void ObserveRun(Job? job, DateTimeOffset endedAt)
    {
        if (job is { StartedAt: { } startedAt, History.Count: >= 2 } && job.History[^2].State == JobState.Processing)
        {
            Observe(MetricDuration.Run, _runSeconds, Seconds(endedAt - startedAt));
        }
    }

    /// <summary>
    /// When a job just started became runnable: the step before its start (enqueued, retry due, unblocked) or its run_at,
    /// whichever is later.
    /// </summary>
    private static DateTimeOffset? BecameRunnableAt(Job job) =>
        job.History is { Count: >= 2 } history && history[^1].State == JobState.Processing
            ? Later(history[^2].At, job.RunAt)
            : null;

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;

    private static double Seconds(TimeSpan span) => Math.Max(span.TotalSeconds, 0);

    /// <summary>The latest values, overwritten oldest first once full.</summary>
    private sealed class SampleRing(int capacity)
    {
        private readonly double[] _values = new double[capacity];
        private long _added;

        public void Add(double value) => _values[_added++ % _values.Length] = value;

        public PercentilesView Percentiles()
        {
            var count = (int)Math.Min(_added, _values.Length);
            if (count == 0)
            {
                return new PercentilesView(0, 0, 0, 0);
            }
            var sorted = _values[..count];
            Array.Sort(sorted);
            return new PercentilesView(count, Rank(sorted, 0.50), Rank(sorted, 0.95), Rank(sorted, 0.99));
        }

        // The nearest-rank percentile: the smallest value with at least p of the values at or below it.
        private static double Rank(double[] sorted, double p) => sorted[Math.Max((int)Math.Ceiling(p * sorted.Length) - 1, 0)];
    }
}

/// <summary>What <see cref="QueueMetrics"/> counts.</summary>
public enum MetricCount
{
    Enqueued,
    Completed,
    /// <summary>Failed attempts that will be retried.</summary>
    Failed,
    /// <summary>Jobs moved to the DLQ.</summary>
    Dead,
}

/// <summary>The durations <see cref="QueueMetrics"/> takes percentiles of.</summary>
public enum MetricDuration
{
    /// <summary>A run, from its start to its end.</summary>
    Run,
    /// <summary>A job's wait, from when it became runnable (enqueued, run_at, retry due) to its start.</summary>
    Wait,
    /// <summary>A journal write, from its hand-over to the journal to its events stored.</summary>
    Write,
}

/// <summary>Told of each figure <see cref="QueueMetrics"/> records, as it records it.</summary>
public interface IMetricsObserver
{
    void Counted(MetricCount kind, long count);

    void Observed(MetricDuration duration, double seconds);

    void Written(int events);
}
