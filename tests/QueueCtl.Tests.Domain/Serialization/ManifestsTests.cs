using QueueCtl.Actors.Serialization;

namespace QueueCtl.Tests.Domain.Serialization;

/// <summary>The journal outlives the code: a changed manifest makes existing queue.db files unreadable.</summary>
public sealed class ManifestsTests
{
    [Fact]
    public void ByType_MapsEveryTypeToItsStableManifest_WhenListed()
    {
        string[] expected =
        [
            "CheckProtocol=p.CheckProtocol", "EnqueueJobs=p.EnqueueJobs", "StartWorkers=p.StartWorkers",
            "StopWorkers=p.StopWorkers", "RetryDeadJob=p.RetryDeadJob", "RetryAllDeadJobs=p.RetryAllDeadJobs",
            "SetConfig=p.SetConfig", "StopHost=p.StopHost", "GetStatus=p.GetStatus", "ListJobs=p.ListJobs",
            "GetJob=p.GetJob", "GetJobLog=p.GetJobLog", "FollowJobLog=p.FollowJobLog",
            "JobLogChunkReceived=p.JobLogChunkReceived", "GetConfig=p.GetConfig", "WaitForJobs=p.WaitForJobs",
            "CommandRejected=p.CommandRejected", "ProtocolAccepted=p.ProtocolAccepted", "JobsAccepted=p.JobsAccepted",
            "WorkersView=p.WorkersView", "DeadJobsRetried=p.DeadJobsRetried", "ConfigView=p.ConfigView",
            "StatusView=p.StatusView", "JobList=p.JobList", "JobDetails=p.JobDetails", "JobLogChunk=p.JobLogChunk",
            "JobLogFollowEnded=p.JobLogFollowEnded",
            "JobsFinished=p.JobsFinished", "HostStopping=p.HostStopping", "CancelJobs=p.CancelJobs", "JobsCanceled=p.JobsCanceled",
            "PauseQueue=p.PauseQueue", "ResumeQueue=p.ResumeQueue", "ListQueues=p.ListQueues", "QueueList=p.QueueList",
            "AddSchedule=p.AddSchedule", "RemoveSchedule=p.RemoveSchedule", "ListSchedules=p.ListSchedules",
            "ScheduleAccepted=p.ScheduleAccepted", "ScheduleDeleted=p.ScheduleDeleted", "ScheduleList=p.ScheduleList",
            "CleanJobs=p.CleanJobs", "JobsCleaned=p.JobsCleaned",
            "GetMetrics=p.GetMetrics", "MetricsView=p.MetricsView", "OpenDashboard=p.OpenDashboard", "DashboardOpened=p.DashboardOpened",
            "JobsEnqueued=e.JobsEnqueued", "JobStarted=e.JobStarted", "JobCompleted=e.JobCompleted",
            "JobFailed=e.JobFailed", "JobDied=e.JobDied", "JobRetryDue=e.JobRetryDue",
            "JobInterrupted=e.JobInterrupted", "DeadJobRetried=e.DeadJobRetried", "ConfigChanged=e.ConfigChanged",
            "WorkerCountSet=e.WorkerCountSet", "ScheduledJobsDue=e.ScheduledJobsDue", "JobCancelRequested=e.JobCancelRequested",
            "QueuePaused=e.QueuePaused", "QueueResumed=e.QueueResumed",
            "ScheduleAdded=e.ScheduleAdded", "ScheduleRemoved=e.ScheduleRemoved", "ScheduleFired=e.ScheduleFired",
            "JobsForgotten=e.JobsForgotten",
            "QueueSnapshot=s.QueueSnapshot",
        ];

        var actual = Manifests.ByType.Select(x => $"{x.Key.Name}={x.Value.Manifest}");

        Assert.Equal(expected.Order(StringComparer.Ordinal), actual.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ByManifest_ResolvesEveryManifestBackToItsType_WhenLookedUp()
    {
        Assert.Equal(Manifests.ByType.Count, Manifests.ByManifest.Count);
        Assert.All(Manifests.ByType, x => Assert.Equal(x.Key, Manifests.ByManifest[x.Value.Manifest].Type));
    }

    [Fact]
    public void ByType_PrefixesProtocolEventAndSnapshotManifests_WhenGrouped()
    {
        Assert.All(Manifests.ByType, x => Assert.StartsWith(
            x.Key.Namespace switch
            {
                "QueueCtl.Actors.Protocol" => "p.",
                _ when x.Key.Name == "QueueSnapshot" => "s.",
                _ => "e.",
            },
            x.Value.Manifest));
    }
}
