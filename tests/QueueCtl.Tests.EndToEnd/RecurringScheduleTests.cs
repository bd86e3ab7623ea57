using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using QueueCtl.Tests.EndToEnd.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.EndToEnd;

/// <summary>
/// Issue 13, recurring jobs, through the real CLI and host: <c>schedule add / list / remove</c> with a seconds field so the
/// tests take seconds; each firing is an ordinary job <c>NAME:FIRING-TIME</c>; bad input stores nothing; after a
/// <c>kill -9</c> the schedules are still there, go on firing, and a span of missed firings runs once.
/// </summary>
public sealed class RecurringScheduleTests(ITestOutputHelper output)
{
    private static readonly Regex FiringId = new(@"^(?<name>[^:]+):(?<at>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)$");

    /// <summary>The firing times of the jobs of schedule <paramref name="name"/>, earliest first, with their states.</summary>
    private static async Task<IReadOnlyList<(DateTimeOffset FiringAt, string State)>> FiringsAsync(Cli cli, string name) =>
        (await cli.ListAsync()).EnumerateArray()
            .Select(job => (Match: FiringId.Match(job.Str("id")!), State: job.Str("state")!))
            .Where(x => x.Match.Success && x.Match.Groups["name"].Value == name)
            .Select(x => (DateTimeOffset.Parse(x.Match.Groups["at"].Value, CultureInfo.InvariantCulture), x.State))
            .OrderBy(x => x.Item1)
            .ToList();

    private static async Task<JsonElement> ScheduleListAsync(Cli cli) =>
        (await cli.RunAsync("schedule", "list", "--json")).Succeeded().Json();

    [Fact]
    public async Task Schedule_EnqueuesAJobEachSecondThatCompletes_AndIsListedAndRemoved()
    {
        await using var host = await TestHost.StartAsync(output);
        var cli = host.Cli;
        (await cli.RunAsync("worker", "start", "--count", "2")).Succeeded();

        var added = (await cli.RunAsync("schedule", "add", "every-second", "* * * * * *", "echo tick")).Succeeded();
        Assert.Matches(@"^Added schedule every-second \(""\* \* \* \* \* \*"" in UTC\); first firing \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$", added.Stdout.Trim());

        var firings = await Eventually.AssertAsync(async () =>
        {
            var done = (await FiringsAsync(cli, "every-second")).Where(f => f.State == "completed").ToList();
            Assert.True(done.Count >= 2, $"{done.Count} firing(s) completed");
            return done;
        }, what: "two completed firings");
        var first = await cli.ShowAsync($"every-second:{firings[0].FiringAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}");
        Assert.Equal("echo tick", first.Str("command"));
        Assert.Equal(0, first.IntOrNull("exit_code"));
        Assert.Equal("tick\n", (await cli.RunAsync("logs", first.Str("id")!)).Succeeded().Stdout);

        var table = (await cli.RunAsync("schedule", "list")).Succeeded().Stdout;
        Assert.Matches(new Regex(@"^NAME\s+CRON\s+ZONE\s+QUEUE\s+NEXT\s+LAST\s+COMMAND$", RegexOptions.Multiline), table);
        Assert.Matches(new Regex(@"^every-second\s+\* \* \* \* \* \*\s+UTC\s+default\s+\S+ \S+Z\s+\S+ \S+Z\s+echo tick$", RegexOptions.Multiline), table);
        var listed = Assert.Single((await ScheduleListAsync(cli)).EnumerateArray());
        Assert.Equal(("every-second", "* * * * * *", "UTC", "echo tick"),
            (listed.Str("name"), listed.Str("cron"), listed.Str("time_zone"), listed.Str("command")));
        var last = DateTimeOffset.Parse(listed.Str("last_fired_at")!, CultureInfo.InvariantCulture);
        Assert.Equal(last.AddSeconds(1), DateTimeOffset.Parse(listed.Str("next_firing_at")!, CultureInfo.InvariantCulture));

        var removed = (await cli.RunAsync("schedule", "remove", "every-second", "--json")).Succeeded().Json();
        Assert.Equal("every-second", removed.Str("name"));
        Assert.Equal(0, (await ScheduleListAsync(cli)).GetArrayLength());
        Assert.StartsWith("No schedules", (await cli.RunAsync("schedule", "list")).Succeeded().Stdout);
        var count = (await FiringsAsync(cli, "every-second")).Count;
        await Task.Delay(TimeSpan.FromSeconds(2)); // what must not happen: a firing after the remove
        Assert.Equal(count, (await FiringsAsync(cli, "every-second")).Count);
    }

    [Fact]
    public async Task Schedule_IsRefusedAndNothingStored_WhenTheInputIsBadOrTheNameTakenOrUnknown()
    {
        await using var host = await TestHost.StartAsync(output);
        var cli = host.Cli;
        (await cli.RunAsync("schedule", "add", "--tz", "Europe/Paris", "--priority", "3", "nightly", "0 2 * * *", "backup.sh")).Succeeded();
        var before = (await ScheduleListAsync(cli)).GetRawText();

        var cases = new (string[] Args, int ExitCode, string Says)[]
        {
            (["schedule", "add", "bad-cron", "* * *", "true"], 2, "cron expression '* * *' has 3 fields; give 5 fields"),
            (["schedule", "add", "bad-cron", "61 * * * *", "true"], 2, "cron expression '61 * * * *' is not valid"),
            (["schedule", "add", "bad-cron", "0 0 30 2 *", "true"], 2, "never fires"),
            (["schedule", "add", "bad:name", "* * * * *", "true"], 2, "schedule name 'bad:name' contains ':'; use 1-64 characters"),
            (["schedule", "add", "bad-zone", "* * * * *", "true", "--tz", "Mars/Base"], 2, "unknown time zone 'Mars/Base'; give an IANA time zone id"),
            (["schedule", "add", "bad-timeout", "* * * * *", "true", "--timeout", "90"], 2, "--timeout"),
            (["schedule", "add", "bad-command", "* * * * *", " "], 2, "empty command"),
            (["schedule", "add", "nightly", "* * * * *", "true"], 1, "a schedule named 'nightly' already exists; choose another name"),
            (["schedule", "remove", "ghost"], 1, "no schedule named 'ghost'; `queuectl schedule list` shows"),
            (["schedule", "remove", "no way"], 2, "schedule name 'no way' contains U+0020"),
        };
        foreach (var (args, exitCode, says) in cases)
        {
            var result = await cli.RunAsync(args);
            Assert.True(result.ExitCode == exitCode, $"expected exit code {exitCode}:\n{result}");
            Assert.True(result.Stderr.StartsWith("queuectl: ", StringComparison.Ordinal) && result.Stderr.Contains(says, StringComparison.Ordinal),
                $"expected stderr to say '{says}':\n{result}");
            Assert.True(result.Stdout.Length == 0, $"printed on stdout:\n{result}");
        }

        Assert.Equal(before, (await ScheduleListAsync(cli)).GetRawText());
        Assert.Equal(0, (await cli.StatusAsync()).Int("total"));
    }

    /// <summary>
    /// Two schedules survive a <c>kill -9</c>: one fires every second and goes on after the restart; the other fires only
    /// in a 3-second window that passes while no host runs, and so runs once, for the latest second of it.
    /// </summary>
    [Fact]
    public async Task Schedule_SurvivesAKillAndRunsTheMissedFiringsOnce_WhenTheHostIsRestarted()
    {
        await using var host = await TestHost.StartAsync(output);
        var cli = host.Cli;
        (await cli.RunAsync("worker", "start")).Succeeded();
        (await cli.RunAsync("schedule", "add", "every-second", "* * * * * *", "true")).Succeeded();
        await Eventually.AssertAsync(async () => Assert.NotEmpty(await FiringsAsync(cli, "every-second")), what: "a firing before the kill");

        // The window's seconds, minutes and hours as cron lists: their other combinations lie before the schedule was
        // added (never run) or a minute or more after the window (after this test looks).
        // Far enough ahead for one CLI call and the kill on a loaded machine (a JIT-compiled CLI call took 4 s in a run here).
        var windowStart = DateTimeOffset.UtcNow.AddSeconds(10);
        windowStart = windowStart.AddTicks(-(windowStart.UtcTicks % TimeSpan.TicksPerSecond));
        var window = Enumerable.Range(0, 3).Select(i => windowStart.AddSeconds(i)).ToList();
        string Field(Func<DateTimeOffset, int> part) => string.Join(',', window.Select(part).Distinct());
        var cron = $"{Field(t => t.Second)} {Field(t => t.Minute)} {Field(t => t.Hour)} {Field(t => t.Day)} {Field(t => t.Month)} *";
        (await cli.RunAsync("schedule", "add", "window", cron, "true")).Succeeded();
        await host.KillAsync();
        Assert.True(DateTimeOffset.UtcNow < windowStart, "the kill came after the window began; the test proves nothing: start the window later");
        var killedAt = DateTimeOffset.UtcNow;

        var down = window[^1] + TimeSpan.FromSeconds(1) - DateTimeOffset.UtcNow;
        await Task.Delay(down > TimeSpan.Zero ? down : TimeSpan.Zero);
        await host.RestartAsync();
        var restartedAt = DateTimeOffset.UtcNow;

        var names = (await ScheduleListAsync(cli)).EnumerateArray().Select(s => s.Str("name")).Order().ToList();
        Assert.Equal(["every-second", "window"], names);
        var missed = await Eventually.AssertAsync(async () =>
            Assert.Single(await FiringsAsync(cli, "window"), f => f.State == "completed"), what: "the window's one job");
        Assert.Equal(window[^1], missed.FiringAt);
        Assert.Single(await FiringsAsync(cli, "window"));
        var windowListed = (await ScheduleListAsync(cli)).EnumerateArray().Single(s => s.Str("name") == "window");
        Assert.Equal(window[^1], DateTimeOffset.Parse(windowListed.Str("last_fired_at")!, CultureInfo.InvariantCulture));

        var everySecond = await Eventually.AssertAsync(async () =>
        {
            var after = (await FiringsAsync(cli, "every-second")).Where(f => f.FiringAt > restartedAt && f.State == "completed").ToList();
            Assert.NotEmpty(after);
            return await FiringsAsync(cli, "every-second");
        }, what: "every-second firing again after the restart");
        var duringDowntime = everySecond.Count(f => f.FiringAt > killedAt.AddSeconds(1) && f.FiringAt < restartedAt.AddSeconds(-2));
        output.WriteLine($"killed {killedAt:O}, restarted {restartedAt:O}, every-second firings: {string.Join(' ', everySecond.Select(f => f.FiringAt.ToString("HH:mm:ss", CultureInfo.InvariantCulture)))}");
        Assert.True(duringDowntime <= 1, $"{duringDowntime} firings of the time no host ran were run; at most the latest should be");
    }
}
