using System.Diagnostics;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;
using QueueCtl.Tests.Actors.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.Actors;

/// <summary>
/// Persist before side effects, checked on a journal whose writes take 400 ms: whatever the manager does or says
/// about an event must already be in the journal a restarted host would recover.
/// </summary>
public sealed class QueueManagerDurabilityTests(ITestOutputHelper output) : QueueTestKit(output, SlowJournal.Hocon)
{
    [Fact]
    public async Task QueueManager_RepliesToEnqueueOnlyAfterJobsEnqueuedIsStored_WhenTheJournalIsSlow()
    {
        var manager = NewManager();
        var clock = Stopwatch.StartNew();

        await EnqueueAsync(manager, "a", "true");

        Assert.True(clock.Elapsed >= SlowJournal.Delay - TimeSpan.FromMilliseconds(50), $"replied after {clock.Elapsed}");
        Assert.Single((await ReadJournalAsync()).OfType<JobsEnqueued>());
    }

    [Fact]
    public async Task QueueManager_StartsTheProcessOnlyAfterJobStartedIsStored_WhenTheJournalIsSlow()
    {
        var manager = NewManager();
        await EnqueueAsync(manager, "a", $"touch '{DataFile("ran")}'; sleep 30");
        await StartWorkersAsync(manager, 1);

        AwaitFile(DataFile("ran"));
        var stored = await ReadJournalAsync();

        Assert.Equal(("a", 1), stored.OfType<JobStarted>().Select(s => (s.JobId, s.Attempt)).Single());
    }

    [Fact(Skip = "BUG (narrow window): Manager/QueueManagerActor.Queries.cs:46-48 answers WaitForJobs at once from the in-memory " +
        "state, which already holds events still being written (QueueManagerActor applies before PersistAllAsync). Expected, as " +
        "QueueManagerActor's own doc says, the reply only once the JobCompleted it reports is stored (a deferred reply); actual: " +
        "`queuectl wait` can report a job completed whose completion a crash at that moment loses (the job then runs again).")]
    public async Task WaitForJobs_RepliesOnlyOnceTheReportedCompletionIsStored_WhenTheJournalIsSlow()
    {
        var manager = NewManager();
        await EnqueueAsync(manager, "a", "true");
        await StartWorkersAsync(manager, 1);
        await AwaitJobAsync(manager, "a", j => j.State == JobState.Completed);

        var finished = await WaitForAsync(manager, "a");
        var stored = await ReadJournalAsync();

        Assert.Equal(JobState.Completed, finished.Single().State);
        Assert.Single(stored.OfType<JobCompleted>());
    }

    private async Task<IReadOnlyList<IQueueEvent>> ReadJournalAsync() =>
        (await AskAsync<JournalReader.Contents>(Sys.ActorOf(JournalReader.Props("queuectl")), JournalReader.Read.Instance)).Events;
}
