using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;
using QueueCtl.Tests.Actors.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.Actors;

/// <summary>
/// Recurring schedules (<c>queuectl schedule add</c>) through the manager's one due timer, with a seconds field so the
/// tests take seconds: each firing runs as a job, and a recreated manager keeps the schedule and runs a missed span once.
/// </summary>
public sealed class QueueManagerRecurringScheduleTests(ITestOutputHelper output) : QueueTestKit(output)
{
    private async Task<IReadOnlyList<ScheduleFired>> FiringsAsync() =>
        (await AskAsync<JournalReader.Contents>(Sys.ActorOf(JournalReader.Props("queuectl")), JournalReader.Read.Instance))
            .Events.OfType<ScheduleFired>().ToList();

    private static async Task<IReadOnlyList<Job>> JobsOfAsync(Akka.Actor.IActorRef manager, string schedule) =>
        (await ListAllAsync(manager)).Where(j => j.Id.StartsWith(schedule + ":", StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task QueueManager_RunsAJobAtEachFiring_WhenTheDueTimerReachesIt()
    {
        var manager = NewManager();
        await StartWorkersAsync(manager, 2);

        var accepted = await AskAsync<ScheduleAccepted>(manager, new AddSchedule("tick", "* * * * * *", "true"));

        Assert.True(accepted.Schedule.NextFiringAt > accepted.Schedule.AddedAt);
        await AwaitAssertAsync(async () =>
            Assert.True((await JobsOfAsync(manager, "tick")).Count(j => j.State == JobState.Completed) >= 3), Long);
        var firings = (await FiringsAsync()).Select(f => f.FiringAt).ToList();
        // A loaded machine may wake late and skip a second (it runs the latest due), never the same one twice.
        Assert.All(firings.Zip(firings.Skip(1), (first, second) => (First: first, Second: second)),
            pair => Assert.True(pair.Second > pair.First, $"{pair.Second:O} fired after {pair.First:O}"));
        Assert.All(await FiringsAsync(), f => Assert.Equal($"tick:{f.FiringAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}", f.Job!.Id));
        var listed = Assert.Single((await AskAsync<ScheduleList>(manager, ListSchedules.Instance)).Schedules);
        Assert.True(listed.LastFiredAt >= firings[^1] && listed.NextFiringAt > listed.LastFiredAt, $"last {listed.LastFiredAt:O}, next {listed.NextFiringAt:O}");
    }

    [Fact]
    public async Task QueueManager_StopsFiring_WhenTheScheduleIsRemoved()
    {
        var manager = NewManager();
        await AskAsync<ScheduleAccepted>(manager, new AddSchedule("tick", "* * * * * *", "true"));
        await AwaitAssertAsync(async () => Assert.NotEmpty(await FiringsAsync()), Long);

        await AskAsync<ScheduleDeleted>(manager, new RemoveSchedule("tick"));
        var count = (await FiringsAsync()).Count;

        await AssertStaysAsync(async () => Assert.Equal(count, (await FiringsAsync()).Count), TimeSpan.FromSeconds(2.5));
        Assert.Empty((await AskAsync<ScheduleList>(manager, ListSchedules.Instance)).Schedules);
        await AskAsync<CommandRejected>(manager, new RemoveSchedule("tick"));
    }

    /// <summary>The schedule and its last firing are in the journal; the recovered manager fires the missed span once, then goes on.</summary>
    [Fact]
    public async Task QueueManager_KeepsTheScheduleAndRunsTheMissedFiringsOnce_WhenRecreatedFromTheJournal()
    {
        var first = NewManager();
        await AskAsync<ScheduleAccepted>(first, new AddSchedule("tick", "* * * * * *", "true"));
        await AwaitAssertAsync(async () => Assert.NotEmpty(await FiringsAsync()), Long);
        StopManager(first);
        var stoppedAt = DateTimeOffset.UtcNow;
        var before = await FiringsAsync();
        await Task.Delay(TimeSpan.FromSeconds(3.5)); // three or four firings come and go while no manager runs

        var second = NewManager();
        await StartWorkersAsync(second, 1);
        await AwaitAssertAsync(async () => Assert.True((await FiringsAsync()).Count >= before.Count + 2), Long);

        var listed = Assert.Single((await AskAsync<ScheduleList>(second, ListSchedules.Instance)).Schedules);
        Assert.Equal("* * * * * *", listed.Cron);
        var after = (await FiringsAsync()).Skip(before.Count).ToList();
        var catchUp = after[0];
        Assert.True(catchUp.FiringAt - before[^1].FiringAt >= TimeSpan.FromSeconds(3),
            $"fired for {catchUp.FiringAt:O} after {before[^1].FiringAt:O}: a missed firing ran besides the latest");
        Assert.True(catchUp.FiringAt > stoppedAt + TimeSpan.FromSeconds(2.5), $"the catch-up firing {catchUp.FiringAt:O} is not the latest missed");
        Assert.True(after[1].FiringAt > catchUp.FiringAt, "it did not go on firing after the catch-up");
        var jobs = await JobsOfAsync(second, "tick");
        Assert.Equal(jobs.Count, jobs.Select(j => j.Id).Distinct().Count());
        await AwaitJobAsync(second, catchUp.Job!.Id, j => j.State == JobState.Completed);
    }
}
