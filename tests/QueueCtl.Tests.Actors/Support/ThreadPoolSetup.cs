using System.Runtime.CompilerServices;

namespace QueueCtl.Tests.Actors.Support;

internal static class ThreadPoolSetup
{
    /// <summary>
    /// TestKit waits (ExpectMsg, AwaitCondition) block the thread they run on, and test classes run in parallel on a
    /// 2-core machine: without spare threads the pool starves, actors stall for seconds and timing-based tests go flaky.
    /// </summary>
    [ModuleInitializer]
    internal static void ReserveThreads()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(io, 64));
    }
}
