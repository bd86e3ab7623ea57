using Akka.Actor;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Hosting;
using QueueCtl.Actors.Protocol;
using QueueCtl.Tests.Actors.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.Actors;

/// <summary>
/// The queue manager runs jobs: <c>queuectl enqueue</c>, <c>worker start</c>, <c>wait</c>; with the runner <c>auto</c> picks here
/// (native on Linux), and every case again with the portable one (<see cref="PortableQueueManagerRunTests"/>).
/// </summary>
public class QueueManagerRunTests : QueueTestKit
{
    public QueueManagerRunTests(ITestOutputHelper output) : this(output, "")
    {
    }

    protected QueueManagerRunTests(ITestOutputHelper output, string overrides) : base(output, overrides)
    {
    }

    [Fact]
    public async Task QueueManager_CompletesJobWithStdoutAndStderrInOrderInItsLog_WhenAWorkerIsStarted()
    {
        var manager = NewManager();
        var accepted = await EnqueueAsync(manager, "demo1", "echo out1; echo err1 >&2; echo out2; echo err2 >&2");
        Assert.Equal(JobState.Pending, accepted.State);

        await StartWorkersAsync(manager, 1);
        var job = (await WaitForAsync(manager, "demo1")).Single();

        Assert.Equal(JobState.Completed, job.State);
        Assert.Equal(1, job.Attempts);
        Assert.Equal(0, job.ExitCode);
        Assert.Null(job.LastError);
        Assert.NotNull(job.StartedAt);
        Assert.NotNull(job.FinishedAt);
        Assert.Equal("out1\nerr1\nout2\nerr2\n", await File.ReadAllTextAsync(LogOf("demo1")));
    }

    [Fact]
    public async Task QueueManager_LeavesJobsPending_WhenNoWorkerWasStarted()
    {
        var manager = NewManager();
        await EnqueueAsync(manager, "waits", $"touch '{DataFile("ran")}'");

        manager.Tell(new WaitForJobs(["waits"]));
        ExpectNoMsg(TimeSpan.FromMilliseconds(500));

        var job = await GetJobAsync(manager, "waits");
        Assert.Equal(JobState.Pending, job.State);
        Assert.Equal(0, job.Attempts);
        Assert.False(File.Exists(DataFile("ran")));
        var status = await AskAsync<StatusView>(manager, GetStatus.Instance);
        Assert.Equal(0, status.WorkersConfigured);
        Assert.Equal(1, status.Counts["pending"]);
    }

    [Fact]
    public async Task QueueManager_RunsEachJobOnceAndNeverMoreThanTheWorkerCountAtATime_WhenEightJobsShareTwoWorkers()
    {
        var manager = NewManager();
        var trace = DataFile("trace");
        var ids = Enumerable.Range(1, 8).Select(i => $"job{i}").ToArray();
        // O_APPEND writes of one short line are atomic, so the file's line order is the order the writes happened.
        var command = $"echo \"start $QUEUECTL_JOB_ID\" >> '{trace}'; sleep 0.2; echo \"end $QUEUECTL_JOB_ID\" >> '{trace}'";
        await AskAsync<JobsAccepted>(manager, new EnqueueJobs([.. ids.Select(id => new JobSubmission(id, command))]));

        await StartWorkersAsync(manager, 2);
        var jobs = await WaitForAsync(manager, ids);

        Assert.All(jobs, j => Assert.Equal((JobState.Completed, 1), (j.State, j.Attempts)));
        var lines = await File.ReadAllLinesAsync(trace);
        var running = 0;
        var mostAtOnce = 0;
        foreach (var line in lines)
        {
            running += line.StartsWith("start ", StringComparison.Ordinal) ? 1 : -1;
            mostAtOnce = Math.Max(mostAtOnce, running);
        }
        Assert.Equal(2, mostAtOnce);
        Assert.All(ids, id =>
        {
            Assert.Single(lines, l => l == $"start {id}");
            Assert.Single(lines, l => l == $"end {id}");
        });
        Assert.Equal(16, lines.Length);
    }

    [Fact]
    public async Task QueueManager_GeneratesUuidIds_WhenSubmissionsHaveNoId()
    {
        var manager = NewManager();

        var accepted = await AskAsync<JobsAccepted>(manager, new EnqueueJobs([new JobSubmission(null, "true"), new JobSubmission(null, "true")]));

        Assert.Equal(2, accepted.Jobs.Length);
        Assert.All(accepted.Jobs, j => Assert.True(Guid.TryParse(j.Id, out _), $"'{j.Id}' is not a UUID"));
        Assert.NotEqual(accepted.Jobs[0].Id, accepted.Jobs[1].Id);
        Assert.Equal(JobState.Pending, (await GetJobAsync(manager, accepted.Jobs[1].Id)).State);
    }

    [Fact]
    public async Task QueueManager_HasStoredJobStarted_WhenTheJobProcessIsRunning()
    {
        var manager = NewManager();
        await EnqueueAsync(manager, "slow", $"touch '{DataFile("running")}'; sleep 30");
        await StartWorkersAsync(manager, 1);
        AwaitFile(DataFile("running"));

        // A second reader of the same journal (what a restarted host would recover) while the process runs.
        var reader = Sys.ActorOf(JournalReader.Props("queuectl"));
        var stored = await AskAsync<JournalReader.Contents>(reader, JournalReader.Read.Instance);

        var started = Assert.Single(stored.Events.OfType<JobStarted>());
        Assert.Equal(("slow", 1), (started.JobId, started.Attempt));
        Assert.Equal(JobState.Processing, (await GetJobAsync(manager, "slow")).State);
    }
}

/// <summary>Every case of <see cref="QueueManagerRunTests"/> with <c>queuectl.runner = portable</c>.</summary>
public sealed class PortableQueueManagerRunTests(ITestOutputHelper output)
    : QueueManagerRunTests(output, $"{QueueCtlSettings.RunnerKey} = {JobRunnerSetting.Portable}");
