using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;
using QueueCtl.Tests.Domain.Support;
using static QueueCtl.Tests.Domain.Support.Clock;

namespace QueueCtl.Tests.Domain;

/// <summary>
/// Recurring schedules (<c>queuectl schedule add / remove</c>): stored as events, fired by the due timer's
/// <see cref="FireDueSchedules"/> as ordinary jobs named <c>NAME:FIRING-TIME</c>, missed firings run once.
/// </summary>
public sealed class QueueStateRecurringScheduleTests
{
    private static AddSchedule EveryMinute(string name = "tick") => new(name, "* * * * *", "echo tick");

    private static ScheduleAdded Added(string name, string cron, DateTimeOffset at, string zone = "UTC", string command = "echo tick") =>
        new(name, cron, zone, command, null, 0, null, at);

    [Fact]
    public void AddSchedule_StoresTheScheduleAndRepliesWithItsFirstFiring_WhenValid()
    {
        var decision = Given.NoEvents().Decide(new AddSchedule("nightly", " 0 2 * * * ", "backup.sh", Priority: 5), T0);

        Expect.Events(decision, new ScheduleAdded("nightly", "0 2 * * *", "UTC", "backup.sh", null, 5, null, T0));
        var schedule = Assert.IsType<ScheduleAccepted>(decision.Reply).Schedule;
        var expectedFirst = new DateTimeOffset(2026, 3, 2, 2, 0, 0, TimeSpan.Zero);
        Assert.Equal(expectedFirst, schedule.NextFiringAt);
        Assert.Null(schedule.LastFiredAt);
        var state = Given.NoEvents().ApplyAll(decision.Events);
        Assert.Equal(schedule, state.Schedules["nightly"]);
        Assert.Equal(expectedFirst, state.NextDueAt);
    }

    [Theory]
    [InlineData("a:b", "* * * * *", null, "contains ':'")]
    [InlineData("", "* * * * *", null, "the schedule name is empty")]
    [InlineData("-x", "* * * * *", null, "looks like an option, not a schedule name")]
    [InlineData("a..b", "* * * * *", null, "contains '..'")]
    [InlineData("ok", "* * *", null, "has 3 fields")]
    [InlineData("ok", "61 * * * *", null, "is not valid")]
    [InlineData("ok", "every minute", null, "has 2 fields")]
    [InlineData("ok", "", null, "the cron expression is empty")]
    [InlineData("ok", "0 0 30 2 *", null, "never fires")]
    [InlineData("ok", "* * * * *", "Mars/Olympus_Mons", "unknown time zone 'Mars/Olympus_Mons'")]
    [InlineData("ok", "* * * * *", "../../etc/passwd", "unknown time zone")]
    public void AddSchedule_RefusesAsInvalidInputAndStoresNothing_WhenNameCronOrZoneIsBad(string name, string cron, string? zone, string says)
    {
        var rejected = Expect.Rejected(Given.NoEvents().Decide(new AddSchedule(name, cron, "true", zone), T0), RejectionKind.InvalidInput);

        Assert.Contains(says, rejected.Reason);
        Assert.Contains("; ", rejected.Reason); // says how to fix it
    }

    [Fact]
    public void AddSchedule_RefusesAsInvalidInput_WhenTheCommandIsEmpty()
    {
        var rejected = Expect.Rejected(Given.NoEvents().Decide(new AddSchedule("ok", "* * * * *", " "), T0), RejectionKind.InvalidInput);

        Assert.Equal("schedule 'ok' has an empty command", rejected.Reason);
    }

    /// <summary>What a client that is not the CLI could send: JSON with fields missing reads as nulls.</summary>
    [Fact]
    public void AddSchedule_And_RemoveSchedule_RefuseAsInvalidInput_WhenFieldsAreMissing()
    {
        var state = Given.NoEvents();

        Expect.Rejected(state.Decide(new AddSchedule(null!, "* * * * *", "true"), T0), RejectionKind.InvalidInput);
        Expect.Rejected(state.Decide(new AddSchedule("ok", null!, "true"), T0), RejectionKind.InvalidInput);
        Expect.Rejected(state.Decide(new AddSchedule("ok", "* * * * *", null!), T0), RejectionKind.InvalidInput);
        Expect.Rejected(state.Decide(new RemoveSchedule(null!), T0), RejectionKind.InvalidInput);
    }

    [Fact]
    public void AddSchedule_IsAConflictAndStoresNothing_WhenTheNameIsTaken()
    {
        var state = Given.Events(Added("tick", "* * * * *", T0));

        var rejected = Expect.Rejected(state.Decide(EveryMinute(), At(5)), RejectionKind.Conflict);

        Assert.Contains("a schedule named 'tick' already exists", rejected.Reason);
    }

    [Fact]
    public void RemoveSchedule_RemovesTheScheduleButNotItsJobs_WhenItExists()
    {
        var state = Given.Events(Added("tick", "* * * * *", T0)).Run(FireDueSchedules.Instance, At(60));

        var decision = state.Decide(new RemoveSchedule("tick"), At(61));

        Expect.Events(decision, new ScheduleRemoved("tick", At(61)));
        Assert.Equal("tick", Assert.IsType<ScheduleDeleted>(decision.Reply).Schedule.Name);
        var after = state.ApplyAll(decision.Events);
        Assert.Empty(after.Schedules);
        Assert.Null(after.NextDueAt);
        Assert.NotNull(after.Find("tick:2026-03-01T12:01:00Z"));
    }

    [Fact]
    public void RemoveSchedule_IsNotFound_WhenNoScheduleHasTheName()
    {
        var rejected = Expect.Rejected(Given.NoEvents().Decide(new RemoveSchedule("nope"), T0), RejectionKind.NotFound);

        Assert.Contains("queuectl schedule list", rejected.Reason);
    }

    [Fact]
    public void FireDueSchedules_DoesNothing_BeforeTheFirstFiring()
    {
        var state = Given.Events(Added("tick", "* * * * *", At(0.5)));

        Expect.Nothing(state.Decide(FireDueSchedules.Instance, At(59.999)));
    }

    [Fact]
    public void FireDueSchedules_EnqueuesAJobNamedAfterTheScheduleAndFiringTime_WhenTheFiringHasCome()
    {
        var state = Given.Events(Given.Workers(1), new ScheduleAdded("tick", "* * * * *", "UTC", "echo tick", 7, 3, 90, At(0.5)));

        var fired = Expect.Single<ScheduleFired>(state.Decide(FireDueSchedules.Instance, At(60.2)));

        Assert.Equal(new ScheduleFired("tick", At(60), new NewJob("tick:2026-03-01T12:01:00Z", "echo tick", 7, 3, null, 90), At(60.2)), fired);
        var after = state.Apply(fired);
        var job = after.Find("tick:2026-03-01T12:01:00Z")!;
        Assert.Equal((JobState.Pending, At(60.2)), (job.State, job.CreatedAt));
        Assert.Same(job, after.NextRunnable());
        Assert.Equal((At(60), At(120)), (after.Schedules["tick"].LastFiredAt, after.Schedules["tick"].NextFiringAt));
        Assert.Equal(At(120), after.NextDueAt);
        Expect.Nothing(after.Decide(FireDueSchedules.Instance, At(60.5))); // a repeated timer changes nothing
    }

    [Fact]
    public void FireDueSchedules_EnqueuesOneJobForTheLatestFiring_WhenSeveralWereMissed()
    {
        var state = Given.Events(Added("tick", "* * * * *", T0));

        var fired = Expect.Single<ScheduleFired>(state.Decide(FireDueSchedules.Instance, At(600.5)));

        Assert.Equal(At(600), fired.FiringAt);
        var after = state.Apply(fired);
        Assert.Equal(["tick:2026-03-01T12:10:00Z"], after.Jobs.Keys);
        Assert.Equal(At(660), after.Schedules["tick"].NextFiringAt);
    }

    [Fact]
    public void FireDueSchedules_FiresEverySecond_WhenTheCronHasASecondsField()
    {
        var state = Given.Events(Added("fast", "*/10 * * * * *", T0));
        Assert.Equal(At(10), state.NextDueAt);

        var after = state.Run(FireDueSchedules.Instance, At(10)).Run(FireDueSchedules.Instance, At(20.1));

        Assert.Equal(["fast:2026-03-01T12:00:10Z", "fast:2026-03-01T12:00:20Z"], after.Jobs.Keys.Order());
    }

    [Theory]
    [InlineData("@hourly", 3600)]
    [InlineData("@every_minute", 60)]
    [InlineData("@every_second", 1)]
    public void AddSchedule_TakesCronosMacros_WhenGivenOne(string cron, double firstAfter)
    {
        var schedule = Assert.IsType<ScheduleAccepted>(Given.NoEvents().Decide(new AddSchedule("m", cron, "true"), T0).Reply).Schedule;

        Assert.Equal(At(firstAfter), schedule.NextFiringAt);
    }

    [Fact]
    public void FireDueSchedules_TakesMaxRetriesAndTimeoutFromConfigAtEachFiring_WhenTheScheduleLeftThemOut()
    {
        var state = Given.Events(Added("tick", "* * * * *", T0), new ConfigChanged("max-retries", "9", At(1)),
            new ConfigChanged("job-timeout-seconds", "30", At(1)));

        var job = Expect.Single<ScheduleFired>(state.Decide(FireDueSchedules.Instance, At(60))).Job!;

        Assert.Equal((9, (int?)30), (job.MaxRetries, job.TimeoutSeconds));
    }

    [Fact]
    public void FireDueSchedules_RecordsTheFiringWithoutAJob_WhenAJobHasItsIdAlready()
    {
        var state = Given.Events(Added("tick", "* * * * *", T0),
            new JobsEnqueued([new NewJob("tick:2026-03-01T12:01:00Z", "echo mine", 3)], At(1)));

        var fired = Expect.Single<ScheduleFired>(state.Decide(FireDueSchedules.Instance, At(60)));

        Assert.Null(fired.Job);
        var after = state.Apply(fired);
        Assert.Equal("echo mine", after.Find("tick:2026-03-01T12:01:00Z")!.Command);
        Assert.Equal(At(120), after.Schedules["tick"].NextFiringAt);
    }

    /// <summary>09:00 in New York is 14:00 UTC in winter and 13:00 UTC from the DST change of 2026-03-08 on.</summary>
    [Fact]
    public void FireDueSchedules_FollowsTheZonesLocalTimeAcrossADaylightSavingChange_WhenGivenAZone()
    {
        var added = new DateTimeOffset(2026, 3, 7, 0, 0, 0, TimeSpan.Zero);
        var winter = new DateTimeOffset(2026, 3, 7, 14, 0, 0, TimeSpan.Zero);
        var summer = new DateTimeOffset(2026, 3, 8, 13, 0, 0, TimeSpan.Zero);
        var state = Given.Events(Added("standup", "0 9 * * *", added, zone: "America/New_York"));
        Assert.Equal(winter, state.NextDueAt);

        var after = state.Run(FireDueSchedules.Instance, winter);

        Assert.NotNull(after.Find("standup:2026-03-07T14:00:00Z"));
        Assert.Equal(summer, after.Schedules["standup"].NextFiringAt);
    }

    /// <summary>
    /// In Berlin 02:30 does not exist on 2026-03-29 (02:00 becomes 03:00): it fires at 03:00 CEST. It occurs twice on
    /// 2026-10-25 (03:00 CEST becomes 02:00 CET): it fires once, at the first.
    /// </summary>
    [Fact]
    public void FireDueSchedules_FiresOnceAtTheNextValidTime_WhenADaylightSavingChangeSkipsOrRepeatsTheLocalTime()
    {
        static DateTimeOffset Utc(int month, int day, int hour, int minute) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);
        var spring = Given.Events(Added("night", "30 2 * * *", Utc(3, 28, 12, 0), zone: "Europe/Berlin"));
        Assert.Equal(Utc(3, 29, 1, 0), spring.NextDueAt);

        var autumn = Given.Events(Added("night", "30 2 * * *", Utc(10, 24, 12, 0), zone: "Europe/Berlin"));
        Assert.Equal(Utc(10, 25, 0, 30), autumn.NextDueAt);
        var afterFirst = autumn.Run(FireDueSchedules.Instance, Utc(10, 25, 0, 30));
        Assert.Equal(Utc(10, 26, 1, 30), afterFirst.NextDueAt);
        Expect.Nothing(afterFirst.Decide(FireDueSchedules.Instance, Utc(10, 25, 1, 30)));
    }

    [Fact]
    public void NextDueAt_IsTheEarlierOfARetryAndAScheduleFiring()
    {
        var state = Given.Events(Given.Enqueued("a"), Added("tick", "* * * * *", T0), Given.Workers(1),
            new JobStarted("a", 1, At(1)), new JobFailed("a", 1, "exited with code 1", At(90), At(2)));
        Assert.Equal(At(60), state.NextDueAt);

        var after = state.Run(FireDueSchedules.Instance, At(60));

        Assert.Equal(At(90), after.NextDueAt);
    }

    [Fact]
    public void Apply_RebuildsTheSameState_WhenTheDecidedEventsAreReplayed()
    {
        var events = new List<IQueueEvent>();
        var state = Given.NoEvents();
        void Run(object command, DateTimeOffset now)
        {
            var decided = state.Decide(command, now).Events;
            events.AddRange(decided);
            state = state.ApplyAll(decided);
        }
        Run(new AddSchedule("tick", "* * * * *", "echo tick"), T0);
        Run(new AddSchedule("nightly", "0 2 * * *", "backup.sh", "Europe/Paris", 1, -3, 60), At(1));
        Run(FireDueSchedules.Instance, At(60));
        Run(FireDueSchedules.Instance, At(300));
        Run(new RemoveSchedule("tick"), At(301));

        var replayed = Given.NoEvents().ApplyAll(events);

        StateAssert.Equivalent(state, replayed);
        Assert.Equal(["tick:2026-03-01T12:01:00Z", "tick:2026-03-01T12:05:00Z"], replayed.Jobs.Keys.Order());
        Assert.Equal(["nightly"], replayed.Schedules.Keys);
    }

    [Fact]
    public void FromSnapshot_KeepsTheSchedulesAndTheirNextFirings()
    {
        var state = Given.Events(Added("tick", "* * * * *", T0), Added("nightly", "0 2 * * *", T0, zone: "Europe/Paris"))
            .Run(FireDueSchedules.Instance, At(130));

        var restored = QueueState.FromSnapshot(state.ToSnapshot(), Given.Defaults);

        StateAssert.Equivalent(state, restored);
        Assert.Equal(At(180), restored.NextDueAt);
    }

    [Fact]
    public void FromSnapshot_ReadsNoSchedules_WhenTheSnapshotWasStoredBeforeSchedulesExisted()
    {
        var old = Mixed.State().ToSnapshot() with { Schedules = default };

        var restored = QueueState.FromSnapshot(old, Given.Defaults);

        Assert.Empty(restored.Schedules);
        StateAssert.Equivalent(Mixed.State(), restored);
    }
}
