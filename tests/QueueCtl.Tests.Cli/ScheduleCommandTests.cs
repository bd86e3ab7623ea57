using System.Collections.Immutable;
using System.Text.Json;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;
using QueueCtl.Cli.Commands;
using QueueCtl.Cli.Output;

namespace QueueCtl.Tests.Cli;

/// <summary><c>queuectl schedule add / list / remove</c>: each maps to one message or exits 2 first, and each reply renders.</summary>
public class ScheduleCommandTests
{
    private static readonly DateTimeOffset Added = new(2026, 12, 5, 9, 30, 0, TimeSpan.Zero);

    private static readonly RecurringSchedule Nightly = new("nightly", "0 2 * * *", "Europe/Paris", "backup.sh && echo done", null, 0, null,
        Added, new DateTimeOffset(2026, 12, 5, 1, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 6, 1, 0, 0, TimeSpan.Zero));

    [Fact]
    public void ScheduleAddCommand_SendsAddSchedule_WhenValid()
    {
        var (request, problem) = ScheduleAddCommand.ToRequest("nightly", "0 2 * * *", "backup.sh", "Europe/Paris", 2, 5, "1m30s");

        Assert.Null(problem);
        Assert.Equal(new AddSchedule("nightly", "0 2 * * *", "backup.sh", "Europe/Paris", 2, 5, 90), request);
        Assert.Equal(new AddSchedule("tick", "*/5 * * * * *", "true"), ScheduleAddCommand.ToRequest("tick", "*/5 * * * * *", "true").Request);
    }

    [Theory]
    [InlineData("bad:name", "* * * * *", "true", null, "contains ':'")]
    [InlineData("ok", "* * *", "true", null, "has 3 fields")]
    [InlineData("ok", "99 * * * *", "true", null, "is not valid")]
    [InlineData("ok", "* * * * *", "  ", null, "empty command")]
    [InlineData("ok", "* * * * *", "true", "90", "--timeout")]
    public void ScheduleAddCommand_ExitsTwoBeforeTheHostIsAsked_WhenInputIsBad(string name, string cron, string command, string? timeout, string says)
    {
        var (request, problem) = ScheduleAddCommand.ToRequest(name, cron, command, timeout: timeout);

        Assert.Null(request);
        Assert.Equal(2, problem!.ExitCode);
        Assert.Contains(says, problem.Stderr);
        Assert.StartsWith("queuectl: ", problem.Stderr);
    }

    [Fact]
    public void ScheduleRemoveCommand_SendsRemoveSchedule_OrExitsTwoForABadName()
    {
        Assert.Equal(new RemoveSchedule("nightly"), ScheduleRemoveCommand.ToRequest("nightly").Request);
        Assert.Equal(2, ScheduleRemoveCommand.ToRequest("no way").Problem!.ExitCode);
    }

    [Fact]
    public void Render_ShowsEveryScheduleWithItsNextAndLastFiring_WhenListed()
    {
        var text = ReplyRenderer.Render(new ScheduleList([Nightly]), json: false, Added).Stdout;

        Assert.Equal(
            "NAME     CRON       ZONE          QUEUE    NEXT                  LAST                  COMMAND\n" +
            "nightly  0 2 * * *  Europe/Paris  default  2026-12-06 01:00:00Z  2026-12-05 01:00:00Z  backup.sh && echo done\n", text);
        Assert.StartsWith("No schedules", ReplyRenderer.Render(new ScheduleList([]), json: false, Added).Stdout);
    }

    [Fact]
    public void Render_WritesSnakeCaseObjectsAndArrays_WhenJson()
    {
        using var list = JsonDocument.Parse(ReplyRenderer.Render(new ScheduleList([Nightly]), json: true, Added).Stdout);
        using var added = JsonDocument.Parse(ReplyRenderer.Render(new ScheduleAccepted(Nightly), json: true, Added).Stdout);
        using var removed = JsonDocument.Parse(ReplyRenderer.Render(new ScheduleDeleted(Nightly), json: true, Added).Stdout);
        using var none = JsonDocument.Parse(ReplyRenderer.Render(new ScheduleList(ImmutableArray<RecurringSchedule>.Empty), json: true, Added).Stdout);

        var schedule = Assert.Single(list.RootElement.EnumerateArray());
        Assert.Equal("Europe/Paris", schedule.GetProperty("time_zone").GetString());
        Assert.Equal("backup.sh && echo done", schedule.GetProperty("command").GetString());
        Assert.Equal("2026-12-06T01:00:00+00:00", schedule.GetProperty("next_firing_at").GetString());
        Assert.Equal("2026-12-05T01:00:00+00:00", schedule.GetProperty("last_fired_at").GetString());
        Assert.Equal("nightly", added.RootElement.GetProperty("name").GetString());
        Assert.Equal("nightly", removed.RootElement.GetProperty("name").GetString());
        Assert.Equal(0, none.RootElement.GetArrayLength());
    }

    [Fact]
    public void Render_SaysTheFirstFiringAndThatJobsStay_WhenAddedAndRemoved()
    {
        Assert.Equal("Added schedule nightly (\"0 2 * * *\" in Europe/Paris); first firing 2026-12-06 01:00:00Z",
            ReplyRenderer.Render(new ScheduleAccepted(Nightly), json: false, Added).Stdout);
        Assert.Equal("Removed schedule nightly; the jobs it enqueued stay",
            ReplyRenderer.Render(new ScheduleDeleted(Nightly), json: false, Added).Stdout);
    }
}
