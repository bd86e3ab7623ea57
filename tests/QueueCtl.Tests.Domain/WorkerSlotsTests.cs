using QueueCtl.Actors.Manager;

namespace QueueCtl.Tests.Domain;

/// <summary>The manager's bookkeeping of idle and busy workers, driven without actors (workers are plain strings).</summary>
public sealed class WorkerSlotsTests
{
    private static RunKey Run(string jobId, int attempt = 1) => new(jobId, attempt);

    [Fact]
    public void Assign_AsksForANewWorker_WhenNoneIsIdle()
    {
        var slots = new WorkerSlots<string>();

        Assert.Null(slots.Assign(Run("a")));
        Assert.Null(slots.Assign(Run("b")));
        Assert.Equal(2, slots.Busy);
        Assert.Equal(0, slots.Idle);
        Assert.Equal(["a", "b"], slots.HeldJobs.Order());
    }

    [Fact]
    public void Assign_GivesTheJobToTheWorkerThatJustReported_WhenItIsIdle()
    {
        var slots = new WorkerSlots<string>();
        slots.Assign(Run("a"));
        slots.Assign(Run("b"));
        slots.Started("worker-1", Run("a"));
        slots.Started("worker-2", Run("b"));

        Assert.True(slots.Released("worker-2", Run("b")));

        Assert.Equal("worker-2", slots.Assign(Run("c")));
        Assert.Equal(2, slots.Busy);
        Assert.Equal(0, slots.Idle);
    }

    [Fact]
    public void Released_AcceptsANewWorkersReport_WhenItComesBeforeThePoolNamedTheWorker()
    {
        var slots = new WorkerSlots<string>();
        slots.Assign(Run("a"));

        Assert.True(slots.Released("worker-1", Run("a")));
        slots.Started("worker-1", Run("a")); // late: changes nothing

        Assert.Equal((0, 1), (slots.Busy, slots.Idle));
        Assert.Equal("worker-1", slots.Assign(Run("b")));
    }

    [Fact]
    public void Released_RefusesAndChangesNothing_WhenTheReportNamesAnotherRunThanTheWorkerHolds()
    {
        var slots = new WorkerSlots<string>();
        slots.Assign(Run("a", attempt: 2));
        slots.Started("worker-1", Run("a", attempt: 2));

        Assert.False(slots.Released("worker-1", Run("a", attempt: 1))); // the run a restart gave up on
        Assert.False(slots.Released("worker-1", Run("other")));
        Assert.False(slots.Released("stray", Run("a", attempt: 2)));
        Assert.Equal((1, 0), (slots.Busy, slots.Idle));

        Assert.True(slots.Released("worker-1", Run("a", attempt: 2)));
        Assert.False(slots.Released("worker-1", Run("a", attempt: 2))); // a second report of the same run
        Assert.Equal((0, 1), (slots.Busy, slots.Idle));
    }

    [Fact]
    public void Refused_KeepsTheWorkerBusyWithTheRunItHolds_WhenItWasGivenAnother()
    {
        var slots = new WorkerSlots<string>();
        slots.Attach("worker-1", null); // the slots believe it idle
        Assert.Equal("worker-1", slots.Assign(Run("b")));

        Assert.True(slots.Refused("worker-1", Run("b"), running: Run("a")));

        Assert.Equal(["a"], slots.HeldJobs);
        Assert.False(slots.Released("worker-1", Run("b")));
        Assert.True(slots.Released("worker-1", Run("a")));
        Assert.False(slots.Refused("worker-1", Run("b"), running: Run("a"))); // not given b any more
    }

    [Fact]
    public void Lost_ReturnsTheRunTheWorkerHeld_AndForgetsTheWorker()
    {
        var slots = new WorkerSlots<string>();
        slots.Attach("busy", Run("a", attempt: 3));
        slots.Attach("idle", null);

        Assert.Equal(Run("a", attempt: 3), slots.Lost("busy"));
        Assert.Null(slots.Lost("idle"));
        Assert.Null(slots.Lost("unknown"));
        Assert.Equal((0, 0), (slots.Busy, slots.Idle));
        Assert.Null(slots.Assign(Run("b")));
    }

    [Fact]
    public void Attach_MakesReportedWorkersBusyOrIdle_AfterTheManagerRestarted()
    {
        var slots = new WorkerSlots<string>();

        slots.Attach("w1", Run("a"));
        slots.Attach("w2", null);

        Assert.Equal(["a"], slots.HeldJobs);
        Assert.Equal((1, 1), (slots.Busy, slots.Idle));
        Assert.Equal("w2", slots.Assign(Run("b")));
        Assert.True(slots.Released("w1", Run("a")));
    }

    [Fact]
    public void TakeSurplus_RetiresIdleWorkersBeyondTheCount_AndLeavesBusyOnesToFinish()
    {
        var slots = new WorkerSlots<string>();
        foreach (var id in new[] { "a", "b", "c", "d" })
        {
            slots.Assign(Run(id));
        }
        slots.Released("a", Run("a"));
        slots.Released("b", Run("b"));

        Assert.Equal(["b"], slots.TakeSurplus(3)); // 2 busy + 1 idle = 3
        Assert.Equal(["a"], slots.TakeSurplus(1)); // 2 busy are still more than 1: they stop once idle
        Assert.Empty(slots.TakeSurplus(1));
        Assert.Equal(2, slots.Busy);

        slots.Released("c", Run("c"));
        Assert.Equal(["c"], slots.TakeSurplus(1));
        slots.Released("d", Run("d"));
        Assert.Empty(slots.TakeSurplus(1));
        Assert.Equal(1, slots.Idle);
    }

    [Fact]
    public void TakeSurplus_KeepsTheIdleWorkersThatStartsAlreadyDecidedWillTake_WhenTheCountIsUnchanged()
    {
        // Two workers, one finished; the manager has decided the next start, which will take the idle worker.
        var slots = new WorkerSlots<string>();
        slots.Assign(Run("a"));
        slots.Assign(Run("b"));
        slots.Released("w1", Run("a"));

        Assert.Empty(slots.TakeSurplus(2));
        Assert.Equal("w1", slots.Assign(Run("c")));
    }
}
