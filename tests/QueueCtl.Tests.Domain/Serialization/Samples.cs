using System.Collections.Immutable;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;
using QueueCtl.Tests.Domain.Support;
using static QueueCtl.Tests.Domain.Support.Clock;

namespace QueueCtl.Tests.Domain.Serialization;

/// <summary>One instance of every serialized type, with every field set (nulls only where the field may be null).</summary>
internal static class Samples
{
    private static readonly TimeSpan Plus2 = TimeSpan.FromHours(2);

    /// <summary>A job with no field left at its default, one timestamp in a non-UTC offset.</summary>
    public static readonly Job FullJob = new(
        Id: "build-42",
        Command: "make test && echo \"done\" | tee out.txt",
        State: JobState.Failed,
        Attempts: 2,
        MaxRetries: 5,
        Priority: 7,
        RunAt: At(1),
        TimeoutSeconds: 90,
        DependsOn: ["fetch-1", "compile-2"],
        CreatedAt: T0,
        UpdatedAt: new DateTimeOffset(2026, 3, 1, 14, 0, 3, 250, Plus2),
        StartedAt: At(2),
        FinishedAt: At(3.5),
        ExitCode: 2,
        LastError: "exited with code 2",
        NextAttemptAt: At(7.5),
        Interruptions: 1,
        Sequence: 42,
        History: ImmutableList.Create(
            new JobTransition(T0, JobState.Pending, "enqueued"),
            new JobTransition(At(2), JobState.Processing, "attempt 2 started"),
            new JobTransition(At(3.5), JobState.Failed, "exited with code 2; retry at 2026-03-01T12:00:07.5000000+00:00")));

    public static readonly Job NewJob = Job.New(new NewJob("job1", "echo hi", 3), 1, T0);

    /// <summary>A schedule that has fired once, in a zone with a summer time.</summary>
    public static readonly RecurringSchedule Schedule = new("nightly", "0 2 * * *", "Europe/Paris", "backup.sh && echo \"ok\"", 2, -4, 60, T0,
        At(3600), new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));

    public static IReadOnlyList<object> All =>
    [
        new CheckProtocol(ProtocolVersion.Current, "0.1.0"),
        new EnqueueJobs([new JobSubmission("a", "echo a", 2, -5, new DateTimeOffset(2026, 3, 1, 14, 0, 0, Plus2)), new JobSubmission(null, "echo b", DependsOn: ["a"], Queue: "emails")]),
        new StartWorkers(4),
        new StopWorkers(Wait: true),
        new RetryDeadJob("a"),
        RetryAllDeadJobs.Instance,
        new SetConfig("max_retries", "5"),
        StopHost.Instance,
        GetStatus.Instance,
        new ListJobs(JobState.Dead, 20),
        new GetJob("a"),
        new GetJobLog("a", 1024, 262144, Attempt: 2),
        new FollowJobLog("a", 1024, 262144),
        new JobLogChunkReceived(2048),
        GetConfig.Instance,
        new WaitForJobs(["a", "b"]),
        new CommandRejected(RejectionKind.WrongState, "job 'a' is pending, not dead"),
        new ProtocolAccepted(ProtocolVersion.Current, "0.1.0"),
        new JobsAccepted(2, [NewJob, FullJob]),
        new WorkersView(4, 3),
        new DeadJobsRetried(["a", "c"]),
        new ConfigView(ImmutableSortedDictionary.CreateRange(new Dictionary<string, string>
        {
            ["max-retries"] = "3", ["backoff-base"] = "1.5", ["backoff-max-seconds"] = "3600",
        })),
        new StatusView(Mixed.State().CountByState(), 6, 2, 1,
            new HostInfo("akka.tcp://queuectl@127.0.0.1:7437", 4242, "0.1.0", new DateTimeOffset(2026, 3, 1, 9, 0, 0, Plus2), "/home/u/.queuectl"),
            Scheduled: 3, NextRunAt: At(60), Queues: Mixed.State().Queues()),
        new JobList([FullJob, NewJob], 17),
        new JobDetails(FullJob),
        new JobLogChunk("a", 10, 22, "h\u00e9llo \"w\"\n\t\u2603", EndOfLog: true),
        new JobLogFollowEnded("a", JobState.Dead, 22),
        new JobsFinished([FullJob]),
        new HostStopping(4242),
        new CancelJobs(["a", "b"]),
        new PauseQueue("emails"),
        new ResumeQueue("emails"),
        ListQueues.Instance,
        new QueueList(Mixed.State().Queues()),
        new JobsCanceled(["a"], ["b"], ["c"]),
        new AddSchedule("nightly", "0 2 * * *", "backup.sh", "Europe/Paris", 2, -4, 60),
        new RemoveSchedule("nightly"),
        ListSchedules.Instance,
        new ScheduleAccepted(Schedule),
        new ScheduleDeleted(Schedule with { LastFiredAt = null }),
        new ScheduleList([Schedule, Schedule with { Name = "other", TimeZone = "UTC" }]),
        new CleanJobs(JobState.Dead, 7200),
        new JobsCleaned(12, 1),
        GetMetrics.Instance,
        new MetricsView(At(60), Mixed.State().CountByState(),
            [new ThroughputView("completed", 120, 2, 0.4, 0.4), new ThroughputView("dead", 1, 0, 0.0033, 0.0033)],
            new PercentilesView(120, 0.012, 0.5, 1.25), new PercentilesView(120, 0.001, 0.2, 3), new PercentilesView(40, 0.0008, 0.004, 0.02),
            new PercentilesView(40, 3, 12, 40), 4, 1, Mixed.State().Queues(), new ProcessView(300, 12.5, 4.2, 90 << 20),
            [new MinuteView(T0, 10, 9, 1, 0), new MinuteView(At(60), 0, 1, 0, 1)]),
        OpenDashboard.Instance,
        new DashboardOpened("http://127.0.0.1:41234/?token=abc"),
        new JobsEnqueued([new NewJob("a", "echo a", 3), new NewJob("b", "exit 1", 0, Priority: 9, RunAt: At(90), TimeoutSeconds: 90, DependsOn: ["a"], Queue: "emails")], At(1)),
        new JobStarted("a", 2, At(2)),
        new JobCompleted("a", 0, At(3)),
        new JobFailed("a", 127, "exited with code 127 (command not found)", At(5.25), At(3)),
        new JobDied("a", null, "interrupted 4 times (last: host stopped)", new DateTimeOffset(2026, 3, 1, 14, 0, 0, Plus2), Dependency: "b"),
        new JobRetryDue("a", At(5.25)),
        new JobInterrupted("a", "host stopped", At(6)),
        new DeadJobRetried("a", At(7)),
        new ConfigChanged("backoff-base", "1.5", At(8)),
        new WorkerCountSet(0, At(9)),
        new ScheduledJobsDue(["b", "c"], At(90)),
        new JobCancelRequested("a", At(10)),
        new QueuePaused("emails", At(11)),
        new QueueResumed("emails", At(12)),
        new ScheduleAdded("nightly", "0 2 * * *", "Europe/Paris", "backup.sh", 2, -4, 60, At(10)),
        new ScheduleRemoved("nightly", At(11)),
        new ScheduleFired("nightly", At(12), new NewJob("nightly:2026-03-01T12:00:12Z", "backup.sh", 2, -4, null, 60), At(12.5)),
        new JobsForgotten(["a", "b"], "queuectl clean --state dead --older-than 2h", At(13)),
        Mixed.State().ApplyAll([new ScheduleAdded("nightly", "0 2 * * *", "Europe/Paris", "backup.sh", 2, -4, 60, At(10))]).ToSnapshot(),
    ];
}
