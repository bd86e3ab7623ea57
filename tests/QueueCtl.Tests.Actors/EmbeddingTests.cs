using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Hosting;
using QueueCtl.Actors.Protocol;
using QueueCtl.Tests.Actors.Support;

namespace QueueCtl.Tests.Actors;

/// <summary>Spec 5: an ordinary Microsoft.Extensions.Hosting application adds the queue with <c>WithQueueCtl(options)</c>.</summary>
public sealed class EmbeddingTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    // The application chooses the journal; WithQueueCtl does not.
    private const string InMemoryJournal = """
        akka.loglevel = WARNING
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        """;

    private readonly TempDirectory _temp = new();

    [Fact]
    public async Task WithQueueCtl_RunsJobsSentToTheRegisteredManager_WhenEmbeddedInAGenericHost()
    {
        using var host = BuildHost();
        await host.StartAsync();
        try
        {
            var system = host.Services.GetRequiredService<ActorSystem>();
            var manager = ActorRegistry.For(system).Get<QueueManager>();
            var required = await host.Services.GetRequiredService<IRequiredActor<QueueManager>>().GetAsync();
            Assert.Equal(manager, required);

            await Ask<JobsAccepted>(manager, new EnqueueJobs([new JobSubmission("embedded", "echo from the app")]));
            await Ask<WorkersView>(manager, new StartWorkers(1));
            var finished = await Ask<JobsFinished>(manager, new WaitForJobs(["embedded"]));

            Assert.Equal(JobState.Completed, finished.Jobs.Single().State);
            Assert.Equal("from the app\n", await File.ReadAllTextAsync(_temp.File("logs/embedded.log")));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task WithQueueCtl_LetsTheRunningJobFinish_WhenTheHostStops()
    {
        using var host = BuildHost();
        await host.StartAsync();
        var manager = await host.Services.GetRequiredService<IRequiredActor<QueueManager>>().GetAsync();
        await Ask<JobsAccepted>(manager, new EnqueueJobs([
            new JobSubmission("finishing", $"touch '{_temp.File("started")}'; sleep 1; touch '{_temp.File("finished")}'"),
        ]));
        await Ask<WorkersView>(manager, new StartWorkers(1));
        var deadline = DateTime.UtcNow + Timeout;
        while (!File.Exists(_temp.File("started")))
        {
            Assert.True(DateTime.UtcNow < deadline, "the job never started");
            await Task.Delay(20);
        }

        await host.StopAsync().WaitAsync(Timeout);

        // Without the drain step the stopping workers would have killed the job before it touched this file.
        Assert.True(File.Exists(_temp.File("finished")), "the host stopped without letting the running job finish");
    }

    [Fact]
    public async Task WithQueueCtl_KillsTheJobsProcessTreeAfterTheGrace_WhenTheHostStopsDuringALongJob()
    {
        using var host = BuildHost("queuectl.shutdown-grace = 300ms");
        await host.StartAsync();
        var manager = await host.Services.GetRequiredService<IRequiredActor<QueueManager>>().GetAsync();
        var pidFile = _temp.File("child.pid");
        await Ask<JobsAccepted>(manager, new EnqueueJobs([new JobSubmission("endless", $"sleep 60 & echo $! > '{pidFile}'; wait")]));
        await Ask<WorkersView>(manager, new StartWorkers(1));
        var deadline = DateTime.UtcNow + Timeout;
        int? child;
        while ((child = OsProcess.ReadPid(pidFile)) is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "the job never started");
            await Task.Delay(20);
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await host.StopAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(250), $"the host stopped after {clock.Elapsed}, before the 300 ms grace");
        var gone = DateTime.UtcNow + Timeout;
        while (OsProcess.IsAlive(child.Value))
        {
            Assert.True(DateTime.UtcNow < gone, "the job's process tree outlived the host");
            await Task.Delay(20);
        }
    }

    private IHost BuildHost(string overrides = "") => new HostBuilder()
        .ConfigureServices(services => services.AddAkka("embed", akka => akka
            .AddHocon(overrides + "\n" + InMemoryJournal, HoconAddMode.Prepend)
            .WithQueueCtl(new QueueCtlOptions { DataDirectory = _temp.Path })))
        .Build();

    private static async Task<T> Ask<T>(IActorRef manager, object message) =>
        Assert.IsType<T>(await manager.Ask<object>(message, Timeout));

    public void Dispose() => _temp.Dispose();
}
