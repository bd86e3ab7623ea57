using System.Text.Json.Serialization;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;

namespace QueueCtl.Actors.Serialization;

/// <summary>
/// Source-generated System.Text.Json metadata for every message, stored event and snapshot
/// (no reflection, so the NativeAOT CLI can use it too). Field names are the snake_case names of spec 2,
/// so the same context renders the CLI's <c>--json</c> output.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UseStringEnumConverter = true,
    WriteIndented = false)]
// protocol
[JsonSerializable(typeof(CheckProtocol))]
[JsonSerializable(typeof(EnqueueJobs))]
[JsonSerializable(typeof(StartWorkers))]
[JsonSerializable(typeof(StopWorkers))]
[JsonSerializable(typeof(RetryDeadJob))]
[JsonSerializable(typeof(RetryAllDeadJobs))]
[JsonSerializable(typeof(SetConfig))]
[JsonSerializable(typeof(StopHost))]
[JsonSerializable(typeof(GetStatus))]
[JsonSerializable(typeof(ListJobs))]
[JsonSerializable(typeof(GetJob))]
[JsonSerializable(typeof(GetJobLog))]
[JsonSerializable(typeof(FollowJobLog))]
[JsonSerializable(typeof(JobLogChunkReceived))]
[JsonSerializable(typeof(GetConfig))]
[JsonSerializable(typeof(WaitForJobs))]
[JsonSerializable(typeof(CommandRejected))]
[JsonSerializable(typeof(ProtocolAccepted))]
[JsonSerializable(typeof(JobsAccepted))]
[JsonSerializable(typeof(WorkersView))]
[JsonSerializable(typeof(DeadJobsRetried))]
[JsonSerializable(typeof(ConfigView))]
[JsonSerializable(typeof(StatusView))]
[JsonSerializable(typeof(JobList))]
[JsonSerializable(typeof(JobDetails))]
[JsonSerializable(typeof(JobLogChunk))]
[JsonSerializable(typeof(JobLogFollowEnded))]
[JsonSerializable(typeof(JobsFinished))]
[JsonSerializable(typeof(HostStopping))]
[JsonSerializable(typeof(CancelJobs))]
[JsonSerializable(typeof(PauseQueue))]
[JsonSerializable(typeof(ResumeQueue))]
[JsonSerializable(typeof(ListQueues))]
[JsonSerializable(typeof(QueueList))]
[JsonSerializable(typeof(JobsCanceled))]
[JsonSerializable(typeof(AddSchedule))]
[JsonSerializable(typeof(RemoveSchedule))]
[JsonSerializable(typeof(ListSchedules))]
[JsonSerializable(typeof(ScheduleAccepted))]
[JsonSerializable(typeof(ScheduleDeleted))]
[JsonSerializable(typeof(ScheduleList))]
[JsonSerializable(typeof(CleanJobs))]
[JsonSerializable(typeof(JobsCleaned))]
[JsonSerializable(typeof(GetMetrics))]
[JsonSerializable(typeof(MetricsView))]
[JsonSerializable(typeof(OpenDashboard))]
[JsonSerializable(typeof(DashboardOpened))]
// stored events and snapshot
[JsonSerializable(typeof(JobsEnqueued))]
[JsonSerializable(typeof(JobStarted))]
[JsonSerializable(typeof(JobCompleted))]
[JsonSerializable(typeof(JobFailed))]
[JsonSerializable(typeof(JobDied))]
[JsonSerializable(typeof(JobRetryDue))]
[JsonSerializable(typeof(JobInterrupted))]
[JsonSerializable(typeof(DeadJobRetried))]
[JsonSerializable(typeof(ConfigChanged))]
[JsonSerializable(typeof(WorkerCountSet))]
[JsonSerializable(typeof(ScheduledJobsDue))]
[JsonSerializable(typeof(JobCancelRequested))]
[JsonSerializable(typeof(QueuePaused))]
[JsonSerializable(typeof(QueueResumed))]
[JsonSerializable(typeof(ScheduleAdded))]
[JsonSerializable(typeof(ScheduleRemoved))]
[JsonSerializable(typeof(ScheduleFired))]
[JsonSerializable(typeof(JobsForgotten))]
[JsonSerializable(typeof(QueueSnapshot))]
// CLI input and output
[JsonSerializable(typeof(Job))]
[JsonSerializable(typeof(System.Collections.Immutable.ImmutableArray<Job>))]
[JsonSerializable(typeof(JobSubmission))]
[JsonSerializable(typeof(System.Collections.Immutable.ImmutableArray<QueueView>))]
[JsonSerializable(typeof(RecurringSchedule))]
[JsonSerializable(typeof(System.Collections.Immutable.ImmutableArray<RecurringSchedule>))]
public sealed partial class QueueCtlJsonContext : JsonSerializerContext;
