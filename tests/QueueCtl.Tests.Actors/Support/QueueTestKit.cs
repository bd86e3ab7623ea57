using System.Collections.Immutable;
using System.Text.Json;
using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Hosting;
using QueueCtl.Actors.Manager;
using QueueCtl.Actors.Protocol;
using QueueCtl.Actors.Workers;
using Xunit.Abstractions;

namespace QueueCtl.Tests.Actors.Support;

/// <summary>
/// An actor system on the in-memory journal with the queue's defaults as fallback, a temporary data directory,
/// and helpers to create queue managers and talk to them. Retries wait 1 s (backoff-base 1), not 2/4/8.
/// It runs on the host's <see cref="DeadlineScheduler"/>, so every actor test also tests the scheduler.
/// Recovery is tested as the style guide says: stop the manager, create another with the same persistence id.
/// </summary>
public abstract class QueueTestKit : TestKit
{
    protected static readonly TimeSpan Short = TimeSpan.FromSeconds(5);
    protected static readonly TimeSpan Long = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    private const string InMemory = """
        akka.loglevel = INFO
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        queuectl.backoff-base = 1
        """;

    private readonly TempDirectory _data = new();
    private readonly Dictionary<IActorRef, IActorRef> _pools = [];

    protected QueueTestKit(ITestOutputHelper output, string overrides = "")
        : base(ConfigurationFactory.ParseString(overrides)
            .WithFallback(ConfigurationFactory.ParseString(InMemory))
            .WithFallback(DeadlineScheduler.Hocon)
            .WithFallback(QueueCtlConfig.Default), output: output)
    {
    }

    protected string DataDir => _data.Path;

    protected string DataFile(string name) => _data.File(name);

    protected string LogOf(string jobId) => Path.Combine(DataDir, "logs", jobId + ".log");

    protected QueueCtlSettings Settings => QueueCtlSettings.From(Sys.Settings.Config);

    /// <summary>A queue manager with a worker pool of its own, as <c>WithQueueCtl</c> makes them.</summary>
    protected IActorRef NewManager(string persistenceId = "queuectl", string? dataDirectory = null)
    {
        var directory = dataDirectory ?? DataDir;
        var pool = Sys.ActorOf(WorkerPoolActor.Props(directory, Settings.Runner));
        var manager = NewManager(pool, persistenceId, directory);
        _pools[manager] = pool;
        return manager;
    }

    /// <summary>A queue manager over an existing pool: what the manager's supervisor does when it restarts it.</summary>
    protected IActorRef NewManager(IActorRef pool, string persistenceId = "queuectl", string? dataDirectory = null) =>
        Sys.ActorOf(QueueManagerActor.Props(
            new QueueCtlOptions { DataDirectory = dataDirectory ?? DataDir, PersistenceId = persistenceId },
            Settings, pool));

    /// <summary>The worker pool of a manager made by <see cref="NewManager(string, string?)"/>.</summary>
    protected IActorRef PoolOf(IActorRef manager) => _pools[manager];

    /// <summary>
    /// Stops a manager and its pool (whose workers kill their process trees) and waits until both are gone, as a
    /// stopped host would be.
    /// </summary>
    protected void StopManager(IActorRef manager)
    {
        StopAndAwait(manager);
        if (_pools.Remove(manager, out var pool))
        {
            StopAndAwait(pool);
        }
    }

    /// <summary>Stops one actor and waits until it is gone.</summary>
    protected void StopAndAwait(IActorRef actor)
    {
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor, Short);
        Unwatch(actor);
    }

    /// <summary>The edge of the system (like the CLI): ask, and fail the test with the reply if it is not a <typeparamref name="T"/>.</summary>
    protected static async Task<T> AskAsync<T>(IActorRef manager, object message, TimeSpan? timeout = null)
    {
        var reply = await manager.Ask<object>(message, timeout ?? Short);
        return Assert.IsType<T>(reply);
    }

    protected static async Task<Job> EnqueueAsync(IActorRef manager, string id, string command, int? maxRetries = null) =>
        (await AskAsync<JobsAccepted>(manager, new EnqueueJobs([new JobSubmission(id, command, maxRetries)]))).Jobs.Single();

    protected static Task<WorkersView> StartWorkersAsync(IActorRef manager, int count) =>
        AskAsync<WorkersView>(manager, new StartWorkers(count));

    protected static async Task<Job> GetJobAsync(IActorRef manager, string id) =>
        (await AskAsync<JobDetails>(manager, new GetJob(id))).Job;

    protected static async Task<ImmutableArray<Job>> ListAllAsync(IActorRef manager) =>
        (await AskAsync<JobList>(manager, new ListJobs(null, int.MaxValue))).Jobs;

    /// <summary>Blocks like <c>queuectl wait</c> until the jobs are completed or dead.</summary>
    protected static async Task<ImmutableArray<Job>> WaitForAsync(IActorRef manager, params string[] ids) =>
        (await AskAsync<JobsFinished>(manager, new WaitForJobs([.. ids]), Long)).Jobs;

    /// <summary>Polls the manager until the job satisfies <paramref name="condition"/>; returns it.</summary>
    protected async Task<Job> AwaitJobAsync(IActorRef manager, string id, Func<Job, bool> condition, TimeSpan? timeout = null)
    {
        Job? job = null;
        await AwaitAssertAsync(async () =>
        {
            job = await GetJobAsync(manager, id);
            Assert.True(condition(job), $"job {id} is {job.State} (attempts {job.Attempts}, last error {job.LastError})");
        }, timeout ?? Long, PollInterval);
        return job!;
    }

    /// <summary>Checks that <paramref name="assertion"/> holds throughout <paramref name="duration"/> (for what must not happen).</summary>
    protected static async Task AssertStaysAsync(Func<Task> assertion, TimeSpan duration)
    {
        var until = DateTime.UtcNow + duration;
        do
        {
            await assertion();
            await Task.Delay(PollInterval);
        }
        while (DateTime.UtcNow < until);
    }

    /// <summary>Waits for a file a job creates (e.g. <c>touch started</c>) to show that its process is running.</summary>
    protected void AwaitFile(string path, TimeSpan? timeout = null) =>
        AwaitCondition(() => File.Exists(path), timeout ?? Long, PollInterval, $"{path} never appeared");

    /// <summary>Shell code that blocks until the test calls <see cref="Open"/> for the job.</summary>
    protected string WaitForGate(string jobId) => $"while [ ! -f '{DataDir}'/gate-{jobId} ]; do sleep 0.02; done";

    /// <summary>Lets a job blocked in <see cref="WaitForGate"/> go on.</summary>
    protected void Open(string jobId) => File.WriteAllText(Path.Combine(DataDir, $"gate-{jobId}"), "");

    /// <summary>Everything about a job that a recovered manager must reproduce, as comparable text.</summary>
    protected static string Snapshot(Job job) => JsonSerializer.Serialize(job);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing); // terminates the actor system: workers kill their process trees first
        if (disposing)
        {
            _data.Dispose();
        }
    }
}
