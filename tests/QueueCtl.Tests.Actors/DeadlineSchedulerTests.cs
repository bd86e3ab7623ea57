using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using QueueCtl.Actors.Hosting;
using QueueCtl.Host;

namespace QueueCtl.Tests.Actors;

/// <summary>
/// The host's <see cref="DeadlineScheduler"/> keeps the promises of Akka's own <see cref="HashedWheelTimerScheduler"/>,
/// which it replaces so an idle host does not wake every tick: each behaviour is checked against both.
/// </summary>
public sealed class DeadlineSchedulerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public static TheoryData<string> Schedulers => [nameof(DeadlineScheduler), nameof(HashedWheelTimerScheduler)];

    private static IScheduler New(string kind)
    {
        var config = ConfigurationFactory.ParseString("akka.scheduler.tick-duration = 10ms").WithFallback(ConfigurationFactory.Default());
        return kind == nameof(DeadlineScheduler)
            ? new DeadlineScheduler(config, NoLogger.Instance)
            : new HashedWheelTimerScheduler(config, NoLogger.Instance);
    }

    [Theory]
    [MemberData(nameof(Schedulers))]
    public async Task Scheduler_RunsTasksInDeadlineOrderAndNeverEarly_WhenScheduledOutOfOrder(string kind)
    {
        var scheduler = New(kind);
        using var _ = (IDisposable)scheduler;
        var delays = Enumerable.Range(0, 20).Select(i => TimeSpan.FromMilliseconds(20 * i)).OrderBy(_ => Random.Shared.Next()).ToList();
        var ran = new ConcurrentQueue<(TimeSpan Delay, TimeSpan After)>();
        var all = new TaskCompletionSource();
        var clock = Stopwatch.StartNew();

        foreach (var delay in delays)
        {
            scheduler.Advanced.ScheduleOnce(delay, () =>
            {
                ran.Enqueue((delay, clock.Elapsed));
                if (ran.Count == delays.Count) all.SetResult();
            });
        }
        await all.Task.WaitAsync(Patience);

        Assert.Equal(delays.Order(), ran.Select(r => r.Delay));
        Assert.All(ran, r => Assert.True(r.After >= r.Delay, $"ran after {r.After.TotalMilliseconds} ms, due at {r.Delay.TotalMilliseconds} ms"));
    }

    [Theory]
    [MemberData(nameof(Schedulers))]
    public async Task Scheduler_DoesNotRunATask_WhenItWasCancelledBeforeItsTime(string kind)
    {
        var scheduler = New(kind);
        using var _ = (IDisposable)scheduler;
        var cancelledRan = false;
        var later = new TaskCompletionSource();
        var cancelable = new Cancelable(scheduler);

        scheduler.Advanced.ScheduleOnce(TimeSpan.FromMilliseconds(50), () => cancelledRan = true, cancelable);
        scheduler.Advanced.ScheduleOnce(TimeSpan.FromMilliseconds(150), () => later.SetResult());
        cancelable.Cancel();
        await later.Task.WaitAsync(Patience);

        Assert.False(cancelledRan);
    }

    [Theory]
    [MemberData(nameof(Schedulers))]
    public async Task Scheduler_RepeatsATaskAtItsInterval_UntilItIsCancelled(string kind)
    {
        var scheduler = New(kind);
        using var _ = (IDisposable)scheduler;
        var runs = 0;
        var thrice = new TaskCompletionSource();
        var cancelable = new Cancelable(scheduler);
        var clock = Stopwatch.StartNew();

        scheduler.Advanced.ScheduleRepeatedly(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(30), () =>
        {
            if (Interlocked.Increment(ref runs) == 3) thrice.SetResult();
        }, cancelable);
        await thrice.Task.WaitAsync(Patience);
        var elapsed = clock.Elapsed;
        cancelable.Cancel();
        var afterCancel = Volatile.Read(ref runs);
        await Task.Delay(200);

        Assert.True(elapsed >= TimeSpan.FromMilliseconds(70), $"three runs took {elapsed.TotalMilliseconds} ms, not 10 + 2 x 30");
        Assert.InRange(Volatile.Read(ref runs), 3, afterCancel + 1); // one run may already be under way as it is cancelled
    }

    [Theory]
    [MemberData(nameof(Schedulers))]
    public async Task Scheduler_TellsTheReceiver_WhenATellIsDue(string kind)
    {
        var scheduler = New(kind);
        using var _ = (IDisposable)scheduler;
        var receiver = new Receiver();

        scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(20), receiver, "due", ActorRefs.NoSender);

        Assert.Equal("due", await receiver.Received.Task.WaitAsync(Patience));
    }

    [Theory]
    [MemberData(nameof(Schedulers))]
    public void Dispose_RunsEveryWaitingTaskOnceAndRefusesNewOnes(string kind)
    {
        var scheduler = New(kind);
        var runs = 0;
        scheduler.Advanced.ScheduleOnce(TimeSpan.FromHours(1), () => Interlocked.Increment(ref runs));

        ((IDisposable)scheduler).Dispose();

        Assert.Equal(1, runs);
        Assert.Throws<SchedulerException>(() => scheduler.Advanced.ScheduleOnce(TimeSpan.FromSeconds(1), () => { }));
    }

    [Fact]
    public void DeadlineScheduler_DropsCancelledTasks_WhenTheHeapHasDoubled()
    {
        using var deadlineScheduler = (DeadlineScheduler)New(nameof(DeadlineScheduler));
        IScheduler scheduler = deadlineScheduler;

        for (var i = 0; i < 10_000; i++)
        {
            var cancelable = new Cancelable(scheduler);
            scheduler.Advanced.ScheduleOnce(TimeSpan.FromHours(1), () => { }, cancelable);
            cancelable.Cancel();
        }

        Assert.InRange(deadlineScheduler.Count, 0, 1024);
    }

    [Fact]
    public void HostHocon_MakesAnActorSystemUseTheDeadlineScheduler()
    {
        using var system = ActorSystem.Create("idle", HostHocon.Idle());

        Assert.IsType<DeadlineScheduler>(system.Scheduler);
    }

    private sealed class Receiver : ICanTell
    {
        public TaskCompletionSource<object> Received { get; } = new();

        public void Tell(object message, IActorRef sender) => Received.TrySetResult(message);
    }
}
