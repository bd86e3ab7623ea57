using QueueCtl.Actors.Domain;

namespace QueueCtl.Actors.Workers;

/// <summary>
/// How a worker runs its jobs' commands as OS processes: <see cref="NativeJobRunner"/> (Linux: posix_spawn in a session of
/// the job's own, a pidfd reaper, a shell started ahead) or <see cref="PortableJobRunner"/> (System.Diagnostics.Process,
/// wherever .NET runs). Each worker owns one runner, made when it starts and disposed when it stops, and runs one job at a
/// time through it.
/// </summary>
internal interface IJobRunner : IDisposable
{
    /// <summary>
    /// Starts <paramref name="start"/> and completes, as data, when it has ended: <c>RunAsync(...).PipeTo(Self)</c>. Called on
    /// the worker's thread, which it must not block: starting a process is done on the thread pool. Cancelling
    /// <paramref name="cancel"/> kills the job's process tree and ends the run as <see cref="RunOutcome.Interrupted"/>.
    /// Cancelling <paramref name="terminate"/> (a timeout or a cancel) asks the tree to end, SIGTERM where the runner can send
    /// it, and ends the run as interrupted too; the caller cancels <paramref name="cancel"/> after a grace for what is still there.
    /// </summary>
    Task<RunOutcome> RunAsync(ProcessStart start, CancellationToken cancel, CancellationToken terminate = default);
}
