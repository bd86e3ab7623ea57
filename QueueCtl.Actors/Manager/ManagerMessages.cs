using System.Collections.Immutable;
using Akka.Actor;
using QueueCtl.Actors.Domain;

namespace QueueCtl.Actors.Manager;

// Messages between the queue manager, the worker pool and the workers. Local only: never serialized.

/// <summary>One attempt of one job: what every run message and every outcome names, so a report is never credited to another run.</summary>
internal readonly record struct RunKey(string JobId, int Attempt);

/// <summary>
/// Manager → worker: run this attempt. Sent only after its <see cref="JobStarted"/> is stored, straight to an idle
/// worker, or through the pool, which starts a new worker and forwards it; either way the manager is its sender.
/// </summary>
internal sealed record RunJob(string JobId, string Command, int Attempt, string LogPath, TimeSpan? Timeout)
{
    public RunKey Key => new(JobId, Attempt);
}

/// <summary>Worker → manager (the sender of its <see cref="RunJob"/>): how the attempt ended; the worker is idle again.</summary>
internal sealed record JobRunFinished(string JobId, int Attempt, RunOutcome Outcome)
{
    public RunKey Key => new(JobId, Attempt);
}

/// <summary>Worker → manager: a <see cref="RunJob"/> reached it while it ran <see cref="Running"/>; the refused run never started.</summary>
internal sealed record RunRefused(RunKey Refused, RunKey Running);

/// <summary>Pool → manager: it started <see cref="Worker"/> for the run, which it forwarded to it.</summary>
internal sealed record WorkerStarted(IActorRef Worker, RunKey Run);

/// <summary>Manager → pool → every worker: kill the running job's process tree; each reports <see cref="RunOutcome.Interrupted"/>.</summary>
internal sealed record InterruptRuns(string Reason, bool Counted);

/// <summary>Manager → pool → every worker: the job of <see cref="Run"/> was canceled; the worker that holds that run kills it.</summary>
internal sealed record CancelRun(RunKey Run);

/// <summary>A (re)started manager → pool: which workers are there? Answered once the survivors of a crash are killed.</summary>
internal sealed record ReportWorkers
{
    public static readonly ReportWorkers Instance = new();
}

/// <summary>
/// Pool → manager: its workers, to ask each for its run. <see cref="FirstReport"/> is true for the pool's first answer in
/// this actor system: jobs still processing in the journal were then cut off by the end of a previous host.
/// </summary>
internal sealed record WorkersReported(ImmutableArray<IActorRef> Workers, bool FirstReport);

/// <summary>Manager → worker, after the manager (re)started: report your run, and report to me from now on.</summary>
internal sealed record ReportRun
{
    public static readonly ReportRun Instance = new();
}

/// <summary>
/// Worker → manager: the run it holds, if any, and the outcome it last reported, which a manager that restarted
/// meanwhile may never have received (recording it again changes nothing: outcomes name their attempt).
/// </summary>
internal sealed record RunReported(RunKey? Current, JobRunFinished? LastFinished);

/// <summary>The due timer (Akka scheduler) fired: a retry or a scheduled job's run_at may have come.</summary>
internal sealed record DueTimerFired
{
    public static readonly DueTimerFired Instance = new();
}

/// <summary>Coordinated shutdown → manager: stop dispatching, give running jobs the grace period, then interrupt them.</summary>
public sealed record DrainForShutdown(TimeSpan Grace);

/// <summary>The reply to <see cref="DrainForShutdown"/>: nothing runs any more and every event is stored.</summary>
public sealed record Drained
{
    public static readonly Drained Instance = new();
}

/// <summary>The shutdown grace period ran out.</summary>
internal sealed record GraceExpired
{
    public static readonly GraceExpired Instance = new();
}
