using System.Text;
using System.Text.RegularExpressions;
using QueueCtl.Tests.EndToEnd.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.EndToEnd;

/// <summary>
/// Scenario 1: a job runs and its output is kept; every form of <c>enqueue</c>; list, show, status, --version. With the
/// host's own runner, and again with the portable one (<see cref="PortableBasicJobTests"/>).
/// </summary>
public class BasicJobTests(ITestOutputHelper output)
{
    /// <summary>The runner the host is told to use (<c>QUEUECTL_RUNNER</c>), or null for its own choice.</summary>
    private protected virtual string? Runner => null;

    [Fact]
    public async Task Job_CompletesWithItsOutputInLogsAndShowsInListShowAndStatus_WhenEnqueuedAsPlainCommand()
    {
        await using var host = await TestHost.StartAsync(output, runner: Runner);
        var cli = host.Cli;

        var enqueued = (await cli.RunAsync("enqueue", "--id", "hello", "echo out-line; echo err-line >&2")).Succeeded();
        Assert.Equal("Enqueued job hello (state=pending)", enqueued.Stdout.Trim());

        (await cli.RunAsync("worker", "start", "--count", "1")).Succeeded();
        var waited = (await cli.RunAsync("wait", "hello")).Succeeded();
        Assert.Contains("completed", waited.Stdout);

        var job = await cli.ShowAsync("hello");
        Assert.Equal("hello", job.Str("id"));
        Assert.Equal("echo out-line; echo err-line >&2", job.Str("command"));
        Assert.Equal("completed", job.Str("state"));
        Assert.Equal(1, job.Int("attempts"));
        Assert.Equal(0, job.IntOrNull("exit_code"));
        Assert.Null(job.Str("last_error"));
        Assert.NotNull(job.Str("started_at"));
        Assert.NotNull(job.Str("finished_at"));
        Assert.Equal(["pending", "processing", "completed"], job.HistoryStates());

        var logs = (await cli.RunAsync("logs", "hello")).Succeeded();
        Assert.Equal("out-line\nerr-line\n", logs.Stdout);
        var logsJson = (await cli.RunAsync("logs", "hello", "--json")).Succeeded().Json();
        Assert.Equal("hello", logsJson.Str("id"));
        Assert.Equal("out-line\nerr-line\n", logsJson.Str("log"));

        // A second job ends dead, so wait says so with exit code 4; then the queue holds one of each.
        var brokenJob = (await cli.RunAsync("enqueue", "--id", "broken", "--max-retries", "0", "--json", "exit 3")).Succeeded().Json();
        Assert.Equal("broken", brokenJob.Str("id"));
        Assert.Equal("exit 3", brokenJob.Str("command"));
        Assert.Equal(0, brokenJob.Int("max_retries"));
        Assert.Equal(0, brokenJob.Int("attempts"));
        Assert.NotNull(brokenJob.Str("created_at"));
        var waitedDead = (await cli.RunAsync("wait", "broken")).Exited(4);
        Assert.Contains("broken", waitedDead.Stderr);

        Assert.Equal(["broken", "hello"], (await cli.ListAsync()).Ids());
        Assert.Equal(["broken"], (await cli.ListAsync("--state", "dead")).Ids());

        var listText = (await cli.RunAsync("list")).Succeeded().Stdout;
        Assert.Matches(new Regex(@"^ID\s+STATE\s+ATTEMPTS\s+UPDATED\s+COMMAND", RegexOptions.Multiline), listText);
        Assert.Matches(new Regex(@"^broken\s+dead\s+1/1\s", RegexOptions.Multiline), listText);
        Assert.Matches(new Regex(@"^hello\s+completed\s+1/4\s", RegexOptions.Multiline), listText);
        Assert.Contains("showing 2 of 2 jobs", listText);

        var shown = (await cli.RunAsync("show", "broken")).Succeeded().Stdout;
        Assert.Matches(new Regex(@"^state:\s+dead$", RegexOptions.Multiline), shown);
        Assert.Matches(new Regex(@"^exit_code:\s+3$", RegexOptions.Multiline), shown);
        Assert.Matches(new Regex(@"^last_error:\s+exited with code 3", RegexOptions.Multiline), shown);
        Assert.Contains("history:", shown);

        var version = (await cli.RunAsync("--version")).Succeeded().Stdout.Trim();
        Assert.Matches(@"^\d+\.\d+\.\d+", version);

        var status = await cli.StatusAsync();
        var counts = status.GetProperty("counts");
        Assert.Equal(1, counts.Int("completed"));
        Assert.Equal(1, counts.Int("dead"));
        Assert.Equal(0, counts.Int("pending"));
        Assert.Equal(0, counts.Int("processing"));
        Assert.Equal(0, counts.Int("failed"));
        Assert.Equal(2, status.Int("total"));
        Assert.Equal(1, status.Int("workers_configured"));
        Assert.Equal(0, status.Int("workers_busy"));
        var hostInfo = status.GetProperty("host");
        Assert.Equal(version, hostInfo.Str("version"));
        Assert.Equal(host.Pid, hostInfo.Int("pid"));
        Assert.Equal(host.Home, hostInfo.Str("data_location"));
        Assert.EndsWith("@" + host.Address, hostInfo.Str("address"));

        var statusText = (await cli.RunAsync("status")).Succeeded().Stdout;
        Assert.Matches(new Regex(@"^completed\s+1$", RegexOptions.Multiline), statusText);
        Assert.Matches(new Regex(@"^dead\s+1$", RegexOptions.Multiline), statusText);
        Assert.Matches(new Regex(@"^total\s+2$", RegexOptions.Multiline), statusText);
        Assert.Contains("1 configured, 0 busy", statusText);
        Assert.Contains($"(pid {host.Pid})", statusText);
        Assert.Matches(new Regex($@"^Version:\s+{Regex.Escape(version)}$", RegexOptions.Multiline), statusText);
        Assert.Matches(new Regex($@"^Data:\s+{Regex.Escape(host.Home)}$", RegexOptions.Multiline), statusText);
    }

    [Fact]
    public async Task Enqueue_AcceptsEveryInputForm_WhenGivenInlineJsonAtFileJsonLinesFileAndBulkStdin()
    {
        await using var host = await TestHost.StartAsync(output, runner: Runner);
        var cli = host.Cli;

        var inline = (await cli.RunAsync("enqueue", """{"id":"inline1","command":"echo inline","max_retries":1}""")).Succeeded();
        Assert.Equal("Enqueued job inline1 (state=pending)", inline.Stdout.Trim());

        var jobFile = Path.Combine(host.Home, "job.json");
        await File.WriteAllTextAsync(jobFile, """{"id":"atfile1","command":"echo at-file"}""");
        (await cli.RunAsync("enqueue", "@" + jobFile)).Succeeded();

        var linesFile = Path.Combine(host.Home, "jobs.jsonl");
        await File.WriteAllLinesAsync(linesFile,
        [
            """{"id":"lines1","command":"echo one"}""",
            """{"id":"lines2","command":"echo two","max_retries":0}""",
            """{"id":"lines3","command":"echo three"}""",
        ]);
        var fromFile = (await cli.RunAsync("enqueue", "--file", linesFile)).Succeeded();
        Assert.Equal("Enqueued 3 jobs (state=pending)", fromFile.Stdout.Trim());

        var bulk = new StringBuilder();
        for (var i = 0; i < 500; i++)
        {
            bulk.Append($$"""{"id":"bulk-{{i:000}}","command":"true"}""").Append('\n');
        }
        var fromStdin = (await cli.RunAsync(["enqueue", "-"], bulk.ToString())).Succeeded();
        Assert.Equal("Enqueued 500 jobs (state=pending)", fromStdin.Stdout.Trim());

        // No worker yet: everything waits as pending, each with its own fields.
        var all = await cli.ListAsync();
        Assert.Equal(505, all.GetArrayLength());
        Assert.All(all.EnumerateArray(), job => Assert.Equal("pending", job.Str("state")));
        var expectedIds = new[] { "inline1", "atfile1", "lines1", "lines2", "lines3" }
            .Concat(Enumerable.Range(0, 500).Select(i => $"bulk-{i:000}"))
            .ToList();
        Assert.Equal(expectedIds.Order(StringComparer.Ordinal), all.Ids().Order(StringComparer.Ordinal));
        Assert.Equal("bulk-499", all.Ids()[0]); // newest first
        var byId = all.EnumerateArray().ToDictionary(job => job.Str("id")!);
        Assert.Equal(1, byId["inline1"].Int("max_retries"));
        Assert.Equal(0, byId["lines2"].Int("max_retries"));
        Assert.Equal(3, byId["atfile1"].Int("max_retries")); // the config default
        Assert.Equal("echo at-file", byId["atfile1"].Str("command"));
        Assert.Equal("true", byId["bulk-250"].Str("command"));

        (await cli.RunAsync("worker", "start", "--count", "4")).Succeeded();
        (await cli.RunAsync(["wait", .. expectedIds], stdin: null)).Succeeded();
        var status = await cli.StatusAsync();
        Assert.Equal(505, status.GetProperty("counts").Int("completed"));
        Assert.Equal(505, status.Int("total"));
        Assert.Equal("at-file\n", (await cli.RunAsync("logs", "atfile1")).Succeeded().Stdout);
    }
}

/// <summary>Every case of <see cref="BasicJobTests"/> with the host forced onto the portable runner.</summary>
public sealed class PortableBasicJobTests(ITestOutputHelper output) : BasicJobTests(output)
{
    private protected override string? Runner => "portable";
}
