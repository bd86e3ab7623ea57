using System.Collections.Immutable;
using System.Text.Json;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;
using QueueCtl.Cli.Output;

namespace QueueCtl.Tests.Cli;

public class ReplyRendererTests
{
    private static readonly DateTimeOffset Now = TestJobs.At.AddHours(2);

    private static CliOutcomeView Text(object reply) => new(ReplyRenderer.Render(reply, json: false, Now));

    private static CliOutcomeView Json(object reply) => new(ReplyRenderer.Render(reply, json: true, Now));

    [Theory]
    [InlineData(RejectionKind.InvalidInput, 2)]
    [InlineData(RejectionKind.NotFound, 1)]
    [InlineData(RejectionKind.Conflict, 1)]
    [InlineData(RejectionKind.WrongState, 1)]
    [InlineData(RejectionKind.ProtocolMismatch, 1)]
    public void Render_MapsRejectionToExitCode(RejectionKind kind, int exitCode)
    {
        var outcome = Text(new CommandRejected(kind, "job 'x' is not dead"));
        Assert.Equal(exitCode, outcome.ExitCode);
        Assert.Equal("", outcome.Stdout);
        Assert.StartsWith("queuectl: job 'x' is not dead; ", outcome.Stderr);
    }

    [Fact]
    public void Render_KeepsHostsFix_WhenReasonAlreadySaysHowToFix()
    {
        var outcome = Text(new CommandRejected(RejectionKind.Conflict, "a job with id 'a' already exists; choose another id"));
        Assert.Equal("queuectl: a job with id 'a' already exists; choose another id", outcome.Stderr);
    }

    [Fact]
    public void Render_WritesRejectionToStderr_WhenJson()
    {
        var outcome = Json(new CommandRejected(RejectionKind.NotFound, "no job 'x'"));
        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal("", outcome.Stdout);
    }

    public static TheoryData<object> SuccessReplies => new()
    {
        new JobsAccepted(1, [TestJobs.Pending("a")]),
        new WorkersView(2, 1),
        new DeadJobsRetried(["a"]),
        new ConfigView(ImmutableSortedDictionary<string, string>.Empty.Add("max-retries", "3")),
        new ConfigEntry("max-retries", "3"),
        Status(),
        new JobList([TestJobs.Pending("a")], 1),
        new DeadJobList(new JobList([TestJobs.Dead("a")], 1)),
        new JobDetails(TestJobs.Pending("a")),
        new JobsFinished([TestJobs.Completed("a")]),
        new HostStopping(42),
        new JobLogText("a", "hi\n"),
        new JobsCleaned(3, 1),
        new JobPage(new JobList([TestJobs.Pending("a")], 9), 5),
        new DashboardOpened("http://127.0.0.1:40000/?token=abc"),
    };

    [Fact]
    public void Render_PrintsTheDashboardLinkFirst_AndAsJsonUrl()
    {
        var link = "http://127.0.0.1:40000/?token=abc";
        Assert.Equal(link, Text(new DashboardOpened(link)).Stdout.Split('\n')[0]);
        using var document = JsonDocument.Parse(Json(new DashboardOpened(link)).Stdout);
        Assert.Equal(link, document.RootElement.GetProperty("url").GetString());
    }

    [Theory]
    [MemberData(nameof(SuccessReplies))]
    public void Render_ExitsZeroWithValidJson_WhenReplyIsSuccess(object reply)
    {
        Assert.Equal(0, Text(reply).ExitCode);
        var json = Json(reply);
        Assert.Equal(0, json.ExitCode);
        Assert.Equal("", json.Stderr);
        using var document = JsonDocument.Parse(json.Stdout);
    }

    [Fact]
    public void Render_ExitsOne_WhenReplyIsUnexpected()
    {
        Assert.Equal(1, Text(new ProtocolAccepted(1, "0.1.0")).ExitCode);
    }

    [Fact]
    public void Render_SaysEnqueuedJob_WhenOneJobAccepted()
    {
        Assert.Equal("Enqueued job demo1 (state=pending)", Text(new JobsAccepted(1, [TestJobs.Pending("demo1")])).Stdout);
    }

    [Fact]
    public void Render_CountsJobs_WhenManyAccepted()
    {
        var outcome = Text(new JobsAccepted(2, [TestJobs.Pending("a"), TestJobs.Pending("b")]));
        Assert.Equal("Enqueued 2 jobs (state=pending)", outcome.Stdout);
    }

    [Fact]
    public void Render_WritesJobObjectWithSpecFieldNames_WhenOneJobAcceptedAsJson()
    {
        using var document = JsonDocument.Parse(Json(new JobsAccepted(1, [TestJobs.Pending("demo1", "echo a && echo b")])).Stdout);
        var job = document.RootElement;
        Assert.Equal(JsonValueKind.Object, job.ValueKind);
        Assert.Equal("demo1", job.GetProperty("id").GetString());
        Assert.Equal("echo a && echo b", job.GetProperty("command").GetString());
        Assert.Equal("pending", job.GetProperty("state").GetString());
        Assert.Equal(3, job.GetProperty("max_retries").GetInt32());
        foreach (var field in new[] { "attempts", "priority", "run_at", "timeout_seconds", "depends_on", "created_at", "updated_at",
                     "started_at", "finished_at", "exit_code", "last_error", "next_attempt_at" })
        {
            Assert.True(job.TryGetProperty(field, out _), $"missing {field}");
        }
    }

    [Fact]
    public void Render_KeepsShellCharactersReadable_WhenJson()
    {
        Assert.Contains("echo a && echo <b>", Json(new JobDetails(TestJobs.Pending("a", "echo a && echo <b>"))).Stdout);
    }

    [Fact]
    public void Render_WritesArray_WhenManyJobsAcceptedAsJson()
    {
        using var document = JsonDocument.Parse(Json(new JobsAccepted(2, [TestJobs.Pending("a"), TestJobs.Pending("b")])).Stdout);
        Assert.Equal(2, document.RootElement.GetArrayLength());
    }

    [Fact]
    public void Render_WritesArray_WhenListAsJson()
    {
        using var document = JsonDocument.Parse(Json(new JobList([TestJobs.Pending("a")], 7)).Stdout);
        Assert.Equal(JsonValueKind.Array, document.RootElement.ValueKind);
        Assert.Equal("a", document.RootElement[0].GetProperty("id").GetString());
    }

    [Fact]
    public void Render_WritesTableAndCount_WhenList()
    {
        var longCommand = "echo " + new string('x', 100);
        var lines = Text(new JobList([TestJobs.Pending("newest", longCommand), TestJobs.Completed("older")], 12)).Lines;
        Assert.Equal(["ID", "STATE", "ATTEMPTS", "UPDATED", "COMMAND"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("newest", lines[1]);
        Assert.Contains("pending", lines[1]);
        Assert.Contains("0/4", lines[1]);
        Assert.Contains("2026-11-23 10:00:00Z", lines[1]);
        Assert.EndsWith("...", lines[1]);
        Assert.DoesNotContain(longCommand, lines[1]);
        Assert.Contains("completed", lines[2]);
        Assert.Equal("showing 2 of 12 jobs", lines[^1]);
    }

    [Fact]
    public void Render_AlignsColumns_WhenIdsDifferInLength()
    {
        var lines = Text(new JobList([TestJobs.Pending("a"), TestJobs.Pending("a-much-longer-id")], 2)).Lines;
        Assert.Equal(lines[0].IndexOf("STATE", StringComparison.Ordinal), lines[1].IndexOf("pending", StringComparison.Ordinal));
        Assert.Equal(lines[0].IndexOf("STATE", StringComparison.Ordinal), lines[2].IndexOf("pending", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_SaysShowingZero_WhenListEmpty()
    {
        Assert.Equal("showing 0 of 0 jobs", Text(new JobList([], 0)).Stdout);
    }

    [Fact]
    public void Render_SaysWhichJobsThePageShows_WhenListHasAnOffset()
    {
        var page = new JobList([TestJobs.Pending("a"), TestJobs.Pending("b")], 1234);
        Assert.Equal("showing 51-52 of 1234 jobs", Text(new JobPage(page, 50)).Lines[^1]);
        Assert.Equal("showing 2 of 1234 jobs", Text(new JobPage(page, 0)).Lines[^1]);
        Assert.Equal("showing none of 1234 jobs: --offset 5000 is past the last one", Text(new JobPage(new JobList([], 1234), 5000)).Stdout);
        Assert.Equal("showing 11-11 of 11 dead jobs", Text(new DeadJobList(new JobList([TestJobs.Dead("d")], 11), 10)).Lines[^1]);
        Assert.Equal("showing none of 1 dead jobs: --offset 1 is past the last one", Text(new DeadJobList(new JobList([], 1), 1)).Stdout);
    }

    [Fact]
    public void Render_WritesTheJobsOnly_WhenAPageIsJson()
    {
        using var document = JsonDocument.Parse(Json(new JobPage(new JobList([TestJobs.Pending("a")], 9), 5)).Stdout);
        Assert.Equal(["a"], document.RootElement.EnumerateArray().Select(j => j.GetProperty("id").GetString()));
    }

    [Fact]
    public void Render_SaysNoCommandMatched_WhenDeadListIsEmptyOnlyForTheGrep()
    {
        Assert.Equal("No dead job's command contains 'curl'", Text(new DeadJobList(new JobList([], 0), 0, "curl")).Stdout);
    }

    [Theory]
    [InlineData(0, 0, "forgot 0 jobs")]
    [InlineData(1, 0, "forgot 1 job")]
    [InlineData(120, 0, "forgot 120 jobs")]
    [InlineData(4, 1, "forgot 4 jobs\nkept 1 job: other jobs depend on it or a client waits for it")]
    [InlineData(0, 2, "forgot 0 jobs\nkept 2 jobs: other jobs depend on them or a client waits for them")]
    public void Render_CountsForgottenAndKeptJobs_WhenCleaned(int forgotten, int kept, string expected)
    {
        var outcome = Text(new JobsCleaned(forgotten, kept));
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(expected, outcome.Stdout);
    }

    [Fact]
    public void Render_WritesForgottenAndKept_WhenCleanedAsJson()
    {
        Assert.Equal("""{"forgotten":3,"kept":1}""", Json(new JobsCleaned(3, 1)).Stdout);
    }

    [Fact]
    public void Render_ShowsLastError_WhenDeadList()
    {
        var text = Text(new DeadJobList(new JobList([TestJobs.Dead("d1", "exit code 7")], 1))).Stdout;
        Assert.Contains("LAST ERROR", text);
        Assert.Contains("exit code 7", text);
        Assert.Contains("showing 1 of 1 dead jobs", text);
    }

    [Fact]
    public void Render_SaysQueueEmpty_WhenDeadListEmpty()
    {
        Assert.Contains("empty", Text(new DeadJobList(new JobList([], 0))).Stdout);
    }

    [Fact]
    public void Render_ShowsCountsWorkersAndHost_WhenStatus()
    {
        var text = Text(Status()).Stdout;
        Assert.Matches(@"pending\s+3", text);
        Assert.Matches(@"dead\s+1", text);
        Assert.Matches(@"processing\s+0", text);
        Assert.Matches(@"total\s+5", text);
        Assert.Contains("Workers:  4 configured, 1 busy", text);
        Assert.Contains("127.0.0.1:7437 (pid 4242)", text);
        Assert.Contains("0.1.0", text);
        Assert.Contains("2h 0m 0s", text);
        Assert.Contains("/tmp/q", text);
    }

    [Fact]
    public void Render_ShowsEveryFieldAndHistory_WhenJobDetails()
    {
        var text = Text(new JobDetails(TestJobs.Dead("d1", "exit code 7"))).Stdout;
        foreach (var field in new[] { "id:", "command:", "state:", "attempts:", "max_retries:", "priority:", "run_at:", "timeout_seconds:",
                     "depends_on:", "created_at:", "updated_at:", "started_at:", "finished_at:", "exit_code:", "last_error:", "next_attempt_at:" })
        {
            Assert.Contains(field, text);
        }
        Assert.Contains("history:", text);
        Assert.Contains("enqueued", text);
        Assert.Contains("failed 4 times: exit code 7", text);
    }

    [Fact]
    public void Render_NamesPriorityAndRunAt_WhenOneJobWithThemIsAccepted()
    {
        Assert.Equal("Enqueued job urgent (state=pending, priority 10)",
            Text(new JobsAccepted(1, [TestJobs.Pending("urgent") with { Priority = 10 }])).Stdout);
        Assert.Equal("Enqueued job later (state=pending, runs at 2026-11-23 12:30:00Z)",
            Text(new JobsAccepted(1, [TestJobs.Scheduled("later", TimeSpan.FromMinutes(150))])).Stdout);
        Assert.Equal("Enqueued job both (state=pending, priority -3, runs at 2026-11-23 10:00:05Z)",
            Text(new JobsAccepted(1, [TestJobs.Scheduled("both", TimeSpan.FromSeconds(5), priority: -3)])).Stdout);
    }

    [Fact]
    public void Render_NamesTheTimeout_WhenOneJobWithOneIsAccepted()
    {
        Assert.Equal("Enqueued job slow (state=pending, timeout 90 s)",
            Text(new JobsAccepted(1, [TestJobs.Pending("slow") with { TimeoutSeconds = 90 }])).Stdout);
        Assert.Equal("Enqueued job all (state=pending, priority 2, timeout 5 s)",
            Text(new JobsAccepted(1, [TestJobs.Pending("all") with { Priority = 2, TimeoutSeconds = 5 }])).Stdout);
    }

    [Fact]
    public void Render_KeepsTheColumnsAsTheyWere_WhenNoListedJobHasAPriorityOrWaits()
    {
        var lines = Text(new JobList([TestJobs.Pending("a"), TestJobs.Completed("b") with { RunAt = TestJobs.At.AddDays(-1) }], 2)).Lines;

        Assert.Equal(["ID", "STATE", "ATTEMPTS", "UPDATED", "COMMAND"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Render_AddsPriorityAndRunsAtColumns_WhenAListedJobHasAPriorityOrWaitsForItsRunAt()
    {
        var lines = Text(new JobList(
            [TestJobs.Scheduled("later", TimeSpan.FromHours(1)), TestJobs.Pending("urgent") with { Priority = 7 }, TestJobs.Pending("plain")], 3)).Lines;

        Assert.Matches(@"^ID\s+STATE\s+ATTEMPTS\s+PRIORITY\s+UPDATED\s+RUNS AT\s+COMMAND$", lines[0]);
        Assert.Matches(@"^later\s+pending\s+0/4\s+0\s+2026-11-23 10:00:00Z\s+2026-11-23 11:00:00Z\s+echo hi$", lines[1]);
        Assert.Matches(@"^urgent\s+pending\s+0/4\s+7\s+2026-11-23 10:00:00Z\s+-\s+echo hi$", lines[2]);
        Assert.Equal(lines[0].IndexOf("RUNS AT", StringComparison.Ordinal), lines[1].IndexOf("2026-11-23 11:00:00Z", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_SaysWhenAScheduledJobRuns_WhenJobDetails()
    {
        var text = Text(new JobDetails(TestJobs.Scheduled("later", TimeSpan.FromHours(3)))).Stdout;

        Assert.Matches(@"(?m)^state:\s+pending \(scheduled: runs at 2026-11-23 13:00:00Z, in 1h 0m 0s\)$", text);
        Assert.Matches(@"(?m)^run_at:\s+2026-11-23T13:00:00.000Z$", text);
        Assert.Matches(@"(?m)^state:\s+pending$", Text(new JobDetails(TestJobs.Pending("now"))).Stdout);
    }

    [Fact]
    public void Render_CountsScheduledJobsOnThePendingRow_WhenStatusHasSome()
    {
        var text = Text(Status() with { Scheduled = 2, NextRunAt = TestJobs.At.AddHours(5) }).Stdout;

        Assert.Matches(@"(?m)^pending\s+3 \(2 scheduled, the next at 2026-11-23 15:00:00Z\)$", text);
        Assert.Matches(@"(?m)^pending\s+3$", Text(Status()).Stdout);
    }

    [Fact]
    public void Render_WritesPriorityAndRunAt_WhenJobAsJson()
    {
        using var document = JsonDocument.Parse(Json(new JobDetails(TestJobs.Scheduled("later", TimeSpan.FromHours(1), priority: 4))).Stdout);

        Assert.Equal(4, document.RootElement.GetProperty("priority").GetInt32());
        Assert.Equal("2026-11-23T11:00:00+00:00", document.RootElement.GetProperty("run_at").GetString());
    }

    [Fact]
    public void Render_WritesScheduledCountAndNextRunAt_WhenStatusAsJson()
    {
        using var document = JsonDocument.Parse(Json(Status() with { Scheduled = 2, NextRunAt = TestJobs.At.AddHours(5) }).Stdout);

        Assert.Equal(2, document.RootElement.GetProperty("scheduled").GetInt32());
        Assert.Equal("2026-11-23T15:00:00+00:00", document.RootElement.GetProperty("next_run_at").GetString());
    }

    [Fact]
    public void Render_PrintsWorkers_WhenWorkersView()
    {
        Assert.Equal("Workers: 4 configured, 0 busy", Text(new WorkersView(4, 0)).Stdout);
    }

    [Fact]
    public void Render_PrintsValueOnly_WhenConfigEntry()
    {
        Assert.Equal("3", Text(new ConfigEntry("max-retries", "3")).Stdout);
    }

    [Fact]
    public void Render_WritesPlainObject_WhenConfigViewAsJson()
    {
        var config = new ConfigView(ImmutableSortedDictionary<string, string>.Empty.Add("max-retries", "3").Add("backoff-base", "2"));
        using var document = JsonDocument.Parse(Json(config).Stdout);
        Assert.Equal("3", document.RootElement.GetProperty("max-retries").GetString());
    }

    [Fact]
    public void Render_ExitsZero_WhenAllWaitedJobsCompleted()
    {
        var outcome = Text(new JobsFinished([TestJobs.Completed("a"), TestJobs.Completed("b")]));
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal("", outcome.Stderr);
    }

    [Fact]
    public void Render_ExitsFourAndNamesDeadJobs_WhenAnyWaitedJobDied()
    {
        var outcome = Text(new JobsFinished([TestJobs.Completed("a"), TestJobs.Dead("b")]));
        Assert.Equal(4, outcome.ExitCode);
        Assert.Contains("1 of 2 jobs ended dead: b", outcome.Stderr);
        Assert.Equal(4, Json(new JobsFinished([TestJobs.Dead("b")])).ExitCode);
    }

    [Fact]
    public void Render_SaysHostStarted_WhenHostStarted()
    {
        var outcome = Text(new HostStarted(new("127.0.0.1", 17500), 99, "/tmp/q", "0.1.0", AlreadyRunning: false));
        Assert.Equal("Host started on 127.0.0.1:17500 (pid 99, data /tmp/q)", outcome.Stdout);
    }

    [Fact]
    public void Render_SaysAlreadyRunning_WhenHostWasRunning()
    {
        var outcome = Text(new HostStarted(new("127.0.0.1", 17500), 99, "/tmp/q", "0.1.0", AlreadyRunning: true));
        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("already running on 127.0.0.1:17500", outcome.Stdout);
    }

    private static StatusView Status() => new(
        ImmutableSortedDictionary<string, int>.Empty.Add("pending", 3).Add("completed", 1).Add("dead", 1),
        Total: 5,
        WorkersConfigured: 4,
        WorkersBusy: 1,
        new HostInfo("127.0.0.1:7437", 4242, "0.1.0", TestJobs.At, "/tmp/q"));

    /// <summary>The outcome with its stdout split into lines, without the trailing newline.</summary>
    private sealed record CliOutcomeView(int ExitCode, string Stdout, string Stderr)
    {
        public CliOutcomeView(QueueCtl.Cli.CliOutcome outcome) : this(outcome.ExitCode, outcome.Stdout.TrimEnd('\n'), outcome.Stderr)
        {
        }

        public string[] Lines => Stdout.Split('\n');
    }
}
