using System.Collections.Frozen;
using System.Text.Json.Serialization.Metadata;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;

namespace QueueCtl.Actors.Serialization;

/// <summary>
/// The stable name each serialized type is written under. The journal outlives the code: renaming a class
/// keeps its manifest here; changing a manifest needs a migration of existing queue.db files.
/// </summary>
internal static class Manifests
{
    private static readonly QueueCtlJsonContext Json = QueueCtlJsonContext.Default;

    private static readonly (string Manifest, JsonTypeInfo Info)[] All =
    [
        // protocol (CLI <-> host)
        ("p.CheckProtocol", Json.CheckProtocol),
        ("p.EnqueueJobs", Json.EnqueueJobs),
        ("p.StartWorkers", Json.StartWorkers),
        ("p.StopWorkers", Json.StopWorkers),
        ("p.RetryDeadJob", Json.RetryDeadJob),
        ("p.RetryAllDeadJobs", Json.RetryAllDeadJobs),
        ("p.SetConfig", Json.SetConfig),
        ("p.StopHost", Json.StopHost),
        ("p.GetStatus", Json.GetStatus),
        ("p.ListJobs", Json.ListJobs),
        ("p.GetJob", Json.GetJob),
        ("p.GetJobLog", Json.GetJobLog),
        ("p.FollowJobLog", Json.FollowJobLog),
        ("p.JobLogChunkReceived", Json.JobLogChunkReceived),
        ("p.GetConfig", Json.GetConfig),
        ("p.WaitForJobs", Json.WaitForJobs),
        ("p.CommandRejected", Json.CommandRejected),
        ("p.ProtocolAccepted", Json.ProtocolAccepted),
        ("p.JobsAccepted", Json.JobsAccepted),
        ("p.WorkersView", Json.WorkersView),
        ("p.DeadJobsRetried", Json.DeadJobsRetried),
        ("p.ConfigView", Json.ConfigView),
        ("p.StatusView", Json.StatusView),
        ("p.JobList", Json.JobList),
        ("p.JobDetails", Json.JobDetails),
        ("p.JobLogChunk", Json.JobLogChunk),
        ("p.JobLogFollowEnded", Json.JobLogFollowEnded),
        ("p.JobsFinished", Json.JobsFinished),
        ("p.HostStopping", Json.HostStopping),
        ("p.CancelJobs", Json.CancelJobs),
        ("p.JobsCanceled", Json.JobsCanceled),
        ("p.PauseQueue", Json.PauseQueue),
        ("p.ResumeQueue", Json.ResumeQueue),
        ("p.ListQueues", Json.ListQueues),
        ("p.QueueList", Json.QueueList),
        ("p.AddSchedule", Json.AddSchedule),
        ("p.RemoveSchedule", Json.RemoveSchedule),
        ("p.ListSchedules", Json.ListSchedules),
        ("p.ScheduleAccepted", Json.ScheduleAccepted),
        ("p.ScheduleDeleted", Json.ScheduleDeleted),
        ("p.ScheduleList", Json.ScheduleList),
        ("p.CleanJobs", Json.CleanJobs),
        ("p.JobsCleaned", Json.JobsCleaned),
        ("p.GetMetrics", Json.GetMetrics),
        ("p.MetricsView", Json.MetricsView),
        ("p.OpenDashboard", Json.OpenDashboard),
        ("p.DashboardOpened", Json.DashboardOpened),
        // stored events and snapshot (journal)
        ("e.JobsEnqueued", Json.JobsEnqueued),
        ("e.JobStarted", Json.JobStarted),
        ("e.JobCompleted", Json.JobCompleted),
        ("e.JobFailed", Json.JobFailed),
        ("e.JobDied", Json.JobDied),
        ("e.JobRetryDue", Json.JobRetryDue),
        ("e.JobInterrupted", Json.JobInterrupted),
        ("e.DeadJobRetried", Json.DeadJobRetried),
        ("e.ConfigChanged", Json.ConfigChanged),
        ("e.WorkerCountSet", Json.WorkerCountSet),
        ("e.ScheduledJobsDue", Json.ScheduledJobsDue),
        ("e.JobCancelRequested", Json.JobCancelRequested),
        ("e.QueuePaused", Json.QueuePaused),
        ("e.QueueResumed", Json.QueueResumed),
        ("e.ScheduleAdded", Json.ScheduleAdded),
        ("e.ScheduleRemoved", Json.ScheduleRemoved),
        ("e.ScheduleFired", Json.ScheduleFired),
        ("e.JobsForgotten", Json.JobsForgotten),
        // Read only: snapshots were JSON before 0.3; QueueCtlSerializer writes them as SnapshotCodec does.
        ("s.QueueSnapshot", Json.QueueSnapshot),
    ];

    public static readonly FrozenDictionary<Type, (string Manifest, JsonTypeInfo Info)> ByType =
        All.ToFrozenDictionary(x => x.Info.Type, x => x);

    public static readonly FrozenDictionary<string, JsonTypeInfo> ByManifest =
        All.ToFrozenDictionary(x => x.Manifest, x => x.Info);
}
