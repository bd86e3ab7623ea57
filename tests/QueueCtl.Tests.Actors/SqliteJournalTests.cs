using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence.Sql;
using Microsoft.Data.Sqlite;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Hosting;
using QueueCtl.Actors.Manager;
using QueueCtl.Actors.Protocol;
using QueueCtl.Actors.Workers;
using QueueCtl.Host;
using QueueCtl.Tests.Actors.Support;

namespace QueueCtl.Tests.Actors;

/// <summary>
/// The host's real journal: a temporary <c>queue.db</c> opened as the host opens it (WAL), written by one actor system
/// and recovered by a second one, through the queuectl serializer.
/// </summary>
public sealed class SqliteJournalTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly TempDirectory _temp = new();

    [Fact]
    public Task SqliteJournal_RecoversEveryJobConfigAndWorkerCount_WhenASecondActorSystemOpensTheFile() =>
        RecoverAcrossActorSystemsAsync(snapshotEvery: 2000);

    [Fact]
    public Task SqliteJournal_RecoversEveryJobConfigAndWorkerCount_WhenRecoveringFromASnapshot() =>
        RecoverAcrossActorSystemsAsync(snapshotEvery: 3);

    private async Task RecoverAcrossActorSystemsAsync(int snapshotEvery)
    {
        var (dataDirectory, error) = DataDirectory.Open(_temp.Path);
        Assert.Null(error);
        using var _ = dataDirectory;
        var config = ConfigurationFactory.ParseString($"queuectl.snapshot-every = {snapshotEvery}\nqueuectl.compact-every = 1")
            .WithFallback(HostHocon.Persistence(dataDirectory!.DatabasePath))
            .WithFallback(SqlPersistence.DefaultConfiguration)
            .WithFallback(QueueCtlConfig.Default);
        var options = new QueueCtlOptions { DataDirectory = dataDirectory.Path };

        List<string> finishedBefore;
        ConfigView configBefore;
        var systemA = ActorSystem.Create("sqlite-a", config);
        try
        {
            var a = systemA.ActorOf(QueueManagerActor.Props(options, QueueCtlSettings.From(systemA.Settings.Config),
                systemA.ActorOf(WorkerPoolActor.Props(options.DataDirectory, QueueCtlSettings.From(systemA.Settings.Config).Runner))));
            await Ask<JobsAccepted>(a, new EnqueueJobs([
                new JobSubmission("ok", "echo persisted"),
                new JobSubmission("dead", "exit 3", MaxRetries: 0),
                new JobSubmission("cut", "sleep 30"),
            ]));
            await Ask<WorkersView>(a, new StartWorkers(3));
            await Ask<JobsFinished>(a, new WaitForJobs(["ok", "dead"]));
            await AwaitProcessingAsync(a, "cut");
            // A command's reply comes after its event is stored, and events are stored in order: once this answers, every
            // earlier event is in queue.db. (WaitForJobs gives no such guarantee; see QueueManagerDurabilityTests.)
            configBefore = await Ask<ConfigView>(a, new SetConfig("backoff-max-seconds", "120"));
            finishedBefore = (await Ask<JobList>(a, new ListJobs(null, 100))).Jobs.Where(j => j.State.IsFinished()).Select(Describe).ToList();
            if (snapshotEvery < 100)
            {
                await AwaitCompactedAsync(dataDirectory.DatabasePath);
            }
        }
        finally
        {
            await systemA.Terminate(); // like a host that stopped with "cut" still running
        }

        Assert.Equal(snapshotEvery < 100, CountRows(dataDirectory.DatabasePath, "snapshot") > 0);

        var systemB = ActorSystem.Create("sqlite-b", config);
        try
        {
            var b = systemB.ActorOf(QueueManagerActor.Props(options, QueueCtlSettings.From(systemB.Settings.Config),
                systemB.ActorOf(WorkerPoolActor.Props(options.DataDirectory, QueueCtlSettings.From(systemB.Settings.Config).Runner))));
            var jobs = (await Ask<JobList>(b, new ListJobs(null, 100))).Jobs;

            Assert.Equal(finishedBefore, jobs.Where(j => j.State.IsFinished()).Select(Describe));
            Assert.Equal(configBefore.Values, (await Ask<ConfigView>(b, GetConfig.Instance)).Values);
            Assert.Equal(3, (await Ask<StatusView>(b, GetStatus.Instance)).WorkersConfigured);
            var cut = jobs.Single(j => j.Id == "cut");
            Assert.Equal(1, cut.Interruptions);
            Assert.Contains(cut.History, t => t.Reason.StartsWith("interrupted: ", StringComparison.Ordinal));
            Assert.Equal("persisted\n", await File.ReadAllTextAsync(Path.Combine(options.LogDirectory, "ok.log")));

            // The recovered queue goes on: a new job runs on the remembered workers.
            await Ask<JobsAccepted>(b, new EnqueueJobs([new JobSubmission("after", "true")]));
            Assert.Equal(JobState.Completed, (await Ask<JobsFinished>(b, new WaitForJobs(["after"]))).Jobs.Single().State);
        }
        finally
        {
            await systemB.Terminate();
        }
    }

    private static async Task AwaitProcessingAsync(IActorRef manager, string id)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while ((await Ask<JobDetails>(manager, new GetJob(id))).Job.State != JobState.Processing)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{id} never started");
            await Task.Delay(25);
        }
    }

    /// <summary>
    /// The events a snapshot covers are deleted after it is stored (all but the one that keeps the sequence number), so the
    /// journal ends up holding fewer rows than events were stored.
    /// </summary>
    private static async Task AwaitCompactedAsync(string databasePath)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (Scalar(databasePath, "SELECT MIN(sequence_number) FROM journal") <= 1)
        {
            Assert.True(DateTime.UtcNow < deadline, "the journal was never compacted behind a snapshot");
            await Task.Delay(25);
        }
        var stored = CountRows(databasePath, "journal");
        var highest = Scalar(databasePath, "SELECT MAX(sequence_number) FROM journal");
        Assert.True(stored < highest, $"the journal holds {stored} rows for {highest} events");
    }

    private static long CountRows(string databasePath, string table) => Scalar(databasePath, $"SELECT COUNT(*) FROM {table}");

    private static long Scalar(string databasePath, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    private static string Describe(Job job) => System.Text.Json.JsonSerializer.Serialize(job);

    private static async Task<T> Ask<T>(IActorRef manager, object message) =>
        Assert.IsType<T>(await manager.Ask<object>(message, Timeout));

    public void Dispose() => _temp.Dispose();
}
