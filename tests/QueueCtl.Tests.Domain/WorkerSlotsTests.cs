using QueueCtl.Actors.Manager;

namespace QueueCtl.Tests.Domain;

/// <summary>The manager's bookkeeping of idle and busy workers, driven without actors (workers are plain strings).</summary>
public sealed class WorkerSlotsTests
{
    [Fact]
    public void Assign_AsksForANewWorker_WhenNoneIsIdle()
    {
        var slots = new WorkerSlots<string>();

        Assert.Null(slots.Assign());
        Assert.Null(slots.Assign());
        Assert.Equal(2, slots.Busy);
        Assert.Equal(0, slots.Idle);
    }

    [Fact]
    public void Assign_GivesTheJobToTheWorkerThatJustReported_WhenItIsIdle()
    {
        var slots = new WorkerSlots<string>();
        slots.Assign();
        slots.Assign();

        slots.Released("worker-2");

        Assert.Equal("worker-2", slots.Assign());
        Assert.Equal(2, slots.Busy);
        Assert.Equal(0, slots.Idle);
    }

    [Fact]
    public void TakeSurplus_RetiresIdleWorkersBeyondTheCount_AndLeavesBusyOnesToFinish()
    {
        var slots = new WorkerSlots<string>();
        for (var i = 0; i < 4; i++)
        {
            slots.Assign();
        }
        slots.Released("a");
        slots.Released("b");

        Assert.Equal(["b"], slots.TakeSurplus(3)); // 2 busy + 1 idle = 3
        Assert.Equal(["a"], slots.TakeSurplus(1)); // 2 busy are still more than 1: they stop once idle
        Assert.Empty(slots.TakeSurplus(1));
        Assert.Equal(2, slots.Busy);

        slots.Released("c");
        Assert.Equal(["c"], slots.TakeSurplus(1));
        slots.Released("d");
        Assert.Empty(slots.TakeSurplus(1));
        Assert.Equal(1, slots.Idle);
    }

    [Fact]
    public void TakeSurplus_KeepsTheIdleWorkersThatStartsAlreadyDecidedWillTake_WhenTheCountIsUnchanged()
    {
        // Two workers, one finished; the manager has decided the next start, which will take the idle worker.
        var slots = new WorkerSlots<string>();
        slots.Assign();
        slots.Assign();
        slots.Released("w1");

        Assert.Empty(slots.TakeSurplus(2));
        Assert.Equal("w1", slots.Assign());
    }

    [Fact]
    public void Released_Throws_WhenNoWorkerHoldsAJob()
    {
        var slots = new WorkerSlots<string>();

        Assert.Throws<InvalidOperationException>(() => slots.Released("stray"));
    }
}
