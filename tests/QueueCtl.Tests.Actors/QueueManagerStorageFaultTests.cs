using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence.Sql;
using Microsoft.Data.Sqlite;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Hosting;
using QueueCtl.Actors.Protocol;
using QueueCtl.Host;
using QueueCtl.Tests.Actors.Support;

namespace QueueCtl.Tests.Actors;

/// <summary>
/// A storage hiccup on the host's real SQLite journal: another process holds the database's write lock for longer than
/// the journal's call-timeout. The command whose write stalls is answered (not left waiting), the queue manager restarts
/// by itself, the running job is neither killed nor counted against, and the queue resumes once the lock is released.
/// </summary>
public sealed class QueueManagerStorageFaultTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly TempDirectory _temp = new();

    [Fact]
    public async Task Queue_AnswersTheStalledCommandKeepsTheRunningJobAndResumes_WhenTheDatabaseIsLockedPastTheCallTimeout()
    {
        var (dataDirectory, error) = DataDirectory.Open(_temp.File("data"));
        Assert.Null(error);
        dataDirectory!.Dispose();
        var gate = _temp.File("gate");
        var started = _temp.File("started");
        var system = ActorSystem.Create("storage-fault", Config(dataDirectory.DatabasePath));
        try
        {
            var queue = AkkaHostingExtensions.StartQueue(system, new QueueCtlOptions { DataDirectory = dataDirectory.Path },
                QueueCtlSettings.From(system.Settings.Config));
            await AskAsync<JobsAccepted>(queue, new EnqueueJobs([new JobSubmission("survivor", $"touch '{started}'; while [ ! -f '{gate}' ]; do sleep 0.02; done")]));
            await AskAsync<WorkersView>(queue, new StartWorkers(1));
            await WaitUntilAsync(() => File.Exists(started), "the job to start");

            using (var blocker = new SqliteConnection($"Data Source={dataDirectory.DatabasePath};Pooling=False"))
            {
                blocker.Open();
                Execute(blocker, "BEGIN IMMEDIATE"); // SQLite's write lock, as another process's long transaction holds it
                var clock = Stopwatch.StartNew();

                var stalled = await AskAsync<CommandRejected>(queue, new SetConfig("backoff-max-seconds", "60"));

                Assert.Equal(RejectionKind.Unavailable, stalled.Kind);
                Assert.Contains("could not store", stalled.Reason);
                Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10)); // the call-timeout (1 s), not SQLite's 30 s
                await Task.Delay(TimeSpan.FromSeconds(2)); // the manager restarts and waits on the lock meanwhile
                Execute(blocker, "COMMIT");
            }

            // The queue answers again by itself; the job ran on through all of it and is credited once.
            await WaitUntilAsync(async () => await AnswersAsync(queue), "the queue to answer again");
            var running = (await AskAsync<JobDetails>(queue, new GetJob("survivor"))).Job;
            Assert.Equal((JobState.Processing, 1), (running.State, running.Attempts));
            File.WriteAllText(gate, "");
            var done = (await AskAsync<JobsFinished>(queue, new WaitForJobs(["survivor"]))).Jobs.Single();
            Assert.Equal((JobState.Completed, 1, 0, 0), (done.State, done.Attempts, done.Interruptions, done.HostInterruptions));
            Assert.Equal("30", (await AskAsync<ConfigView>(queue, new SetConfig("backoff-max-seconds", "30"))).Values["backoff-max-seconds"]);
        }
        finally
        {
            await system.Terminate();
        }
    }

    private static Config Config(string database) =>
        ConfigurationFactory.ParseString("""
                akka.loglevel = WARNING
                akka.persistence.journal.sql.circuit-breaker.call-timeout = 1s
                queuectl.restart-backoff-min = 200ms
                queuectl.restart-backoff-max = 1s
                """)
            .WithFallback(HostHocon.Persistence(database))
            .WithFallback(SqlPersistence.DefaultConfiguration)
            .WithFallback(QueueCtlConfig.Default);

    private static async Task<T> AskAsync<T>(IActorRef queue, object message) =>
        Assert.IsType<T>(await queue.Ask<object>(message, Timeout));

    /// <summary>Whether the queue answers a status query now (not "unavailable", not silence while it recovers).</summary>
    private static async Task<bool> AnswersAsync(IActorRef queue)
    {
        try
        {
            return await queue.Ask<object>(GetStatus.Instance, TimeSpan.FromSeconds(2)) is StatusView;
        }
        catch (AskTimeoutException)
        {
            return false;
        }
    }

    private static Task WaitUntilAsync(Func<bool> condition, string what) => WaitUntilAsync(() => Task.FromResult(condition()), what);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"waited {Timeout.TotalSeconds} s for {what}");
            await Task.Delay(50);
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose() => _temp.Dispose();
}
