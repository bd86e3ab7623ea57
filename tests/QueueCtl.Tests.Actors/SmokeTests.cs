using System.Collections.Immutable;
using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Hosting;
using QueueCtl.Actors.Manager;
using QueueCtl.Actors.Protocol;

namespace QueueCtl.Tests.Actors;

public sealed class SmokeTests() : TestKit(ConfigurationFactory.ParseString("akka.persistence.journal.plugin = \"akka.persistence.journal.inmem\"\nakka.persistence.snapshot-store.plugin = \"akka.persistence.snapshot-store.inmem\"").WithFallback(QueueCtlConfig.Default))
{
    [Fact]
    public void Manager_RunsJob_WhenWorkerStarted()
    {
        var dir = Directory.CreateTempSubdirectory("qc").FullName;
        var options = new QueueCtlOptions { DataDirectory = dir };
        var manager = Sys.ActorOf(QueueManagerActor.Props(options, QueueCtlSettings.From(Sys.Settings.Config)));
        manager.Tell(new EnqueueJobs([new JobSubmission("a", "echo hi")]));
        ExpectMsg<JobsAccepted>();
        manager.Tell(new StartWorkers(1));
        ExpectMsg<WorkersView>();
        manager.Tell(new WaitForJobs(["a"]));
        var finished = ExpectMsg<JobsFinished>(TimeSpan.FromSeconds(10));
        Assert.Equal(JobState.Completed, finished.Jobs[0].State);
        Assert.Equal("hi\n", File.ReadAllText(Path.Combine(dir, "logs", "a.log")));
    }
}
