using System.Diagnostics;

namespace QueueCtl.Tests.Cli;

/// <summary>The whole CLI in-process: local checks exit 2 before any host is contacted; no host exits 3.</summary>
public class CliAppTests
{
    [Fact]
    public async Task Version_PrintsQueueCtlVersion()
    {
        var result = await CliRunner.RunAsync("--version");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(QueueCtl.Actors.Hosting.QueueCtlConfig.Version, result.Stdout.Trim());
    }

    [Fact]
    public async Task Help_ListsEveryCommand()
    {
        var result = await CliRunner.RunAsync("--help");
        Assert.Equal(0, result.ExitCode);
        foreach (var verb in new[] { "enqueue", "worker", "status", "list", "show", "logs", "dlq", "config", "wait", "host", "completion" })
        {
            Assert.Contains(verb, result.Stdout);
        }
    }

    [Fact]
    public async Task NoArguments_ShowsHelpAndExitsTwo()
    {
        var result = await CliRunner.RunAsync();
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Usage:", result.Stdout);
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("list", "--limit", "many")]
    [InlineData("show")]
    [InlineData("worker")]
    [InlineData("config", "set", "max-retries")]
    public async Task ParseError_ExitsTwoWithHouseFormat(params string[] args)
    {
        var result = await CliRunner.RunAsync(args);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("queuectl: ", result.Stderr);
        Assert.Contains("--help`", result.Stderr);
    }

    [Theory]
    [InlineData("--max-retries must be a whole number, not 'abc'", "enqueue", "--max-retries", "abc", "true")]
    [InlineData("--max-retries 99999999999 is out of range", "enqueue", "--max-retries", "99999999999", "true")]
    [InlineData("--count must be a whole number, not 'two'", "worker", "start", "--count", "two")]
    [InlineData("--limit must be a whole number, not '1x'", "list", "--limit", "1x")]
    public async Task ParseError_NamesTheOptionAndTheValue_WhenANumberIsNotOne(string expected, params string[] args)
    {
        var result = await CliRunner.RunAsync(args);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"queuectl: {expected}; see `queuectl ", result.Stderr);
        Assert.DoesNotContain("System.", result.Stderr);
    }

    [Theory]
    [InlineData("--delay 5 has no unit; write 5s, 5m, 5h or 5d", "--delay", "5")]
    [InlineData("--delay -5m is negative; give how long to wait from now", "--delay", "-5m")]
    [InlineData("--delay '5x' is not a duration", "--delay", "5x")]
    [InlineData("--run-at '2026-12-01T10:00:00' has no UTC offset; add Z for UTC", "--run-at", "2026-12-01T10:00:00")]
    [InlineData("--run-at 'noon' is not a time", "--run-at", "noon")]
    [InlineData("priority 1001 is out of range; use a whole number from -1000 to 1000", "--priority", "1001")]
    [InlineData("--priority must be a whole number, not 'high'", "--priority", "high")]
    [InlineData("--delay and --run-at both say when the job may start", "--delay", "5m", "--run-at", "2026-12-01T10:00:00Z")]
    [InlineData("--id, --max-retries, --priority, --delay, --run-at, --timeout, --after and --queue apply to a plain command only", "--priority", "3", "{\"command\":\"true\"}")]
    [InlineData("--id, --max-retries, --priority, --delay, --run-at, --timeout, --after and --queue apply to a plain command only", "--timeout", "5s", "{\"command\":\"true\"}")]
    [InlineData("--timeout 30 has no unit; write 30s, 30m, 30h or 30d", "--timeout", "30")]
    [InlineData("--timeout -5s is negative; give how long a run may take", "--timeout", "-5s")]
    [InlineData("--timeout 0s is zero", "--timeout", "0s")]
    [InlineData("--timeout 'soon' is not a duration", "--timeout", "soon")]
    [InlineData("--timeout 8d is too long; a run may take at most 7d", "--timeout", "8d")]
    public async Task Enqueue_ExitsTwoBeforeContactingHost_WhenPriorityDelayOrRunAtIsBad(string expected, params string[] args)
    {
        var result = await CliRunner.RunAsync(["enqueue", .. args, .. args.Any(a => a.StartsWith('{')) ? Array.Empty<string>() : ["true"],
            "--host", ClosedPort.HostOption()]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"queuectl: {expected}", result.Stderr);
    }

    /// <summary>Parsed and checked: the call gets as far as the (absent) host, so a negative priority is not read as an option.</summary>
    [Theory]
    [InlineData("--priority", "-5")]
    [InlineData("--priority", "1000")]
    [InlineData("--delay", "1h30m")]
    [InlineData("--timeout", "90s")]
    [InlineData("--run-at", "2026-12-01T12:00:00+02:00")]
    public async Task Enqueue_ReachesForTheHost_WhenPriorityDelayOrRunAtIsGood(string option, string value)
    {
        var result = await CliRunner.RunAsync("enqueue", option, value, "true", "--host", ClosedPort.HostOption());

        Assert.Equal(3, result.ExitCode);
    }

    [Theory]
    [InlineData("the job depends on itself", "--id", "a", "--after", "a")]
    [InlineData("the job has a dependency that is not a job id: job id 'b c' contains ' '", "--after", "b c")]
    public async Task Enqueue_ExitsTwoBeforeContactingHost_WhenAfterIsBad(string expected, params string[] options)
    {
        var result = await CliRunner.RunAsync(["enqueue", "echo hi", .. options, "--host", ClosedPort.HostOption()]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Stderr);
    }

    [Theory]
    [InlineData("{\"command\":\"echo hi\",\"priority\":\"high\"}")]
    [InlineData("{\"command\":\"echo hi\",\"run_at\":\"tomorrow\"}")]
    [InlineData("{\"command\":\"echo hi\",\"colour\":\"red\"}")]
    [InlineData("{\"command\":")]
    [InlineData("{\"id\":\"bad id\",\"command\":\"echo hi\"}")]
    [InlineData("[{\"id\":\"a\",\"command\":\"x\"},{\"id\":\"a\",\"command\":\"y\"}]")]
    public async Task Enqueue_ExitsTwoBeforeContactingHost_WhenJsonInvalid(string json)
    {
        var result = await CliRunner.RunAsync("enqueue", json, "--host", ClosedPort.HostOption());
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("queuectl: the JSON argument", result.Stderr);
    }

    [Fact]
    public async Task Enqueue_ExitsTwo_WhenStdinHasBadLine()
    {
        var result = await CliRunner.RunWithStdinAsync("{\"command\":\"a\"}\n{\"command\":\"b\",\"x\":1}\n", "enqueue", "-", "--host", ClosedPort.HostOption());
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("stdin, job 2 (line 2)", result.Stderr);
    }

    [Fact]
    public async Task Enqueue_TreatsAtArgumentAsJobFile_NotResponseFile()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "{\"command\":\"echo hi\",\"bogus\":1}");
            var result = await CliRunner.RunAsync("enqueue", "@" + path, "--host", ClosedPort.HostOption());
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("unknown field \"bogus\"", result.Stderr);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Enqueue_ExitsThreeNamingAddress_WhenInputValidAndNoHost()
    {
        var host = ClosedPort.HostOption();
        var result = await CliRunner.RunAsync("enqueue", "echo hi", "--id", "demo1", "--host", host);
        Assert.Equal(3, result.ExitCode);
        Assert.Contains(host, result.Stderr);
        Assert.Contains("queuectl host start", result.Stderr);
    }

    [Theory]
    [InlineData("status")]
    [InlineData("list")]
    [InlineData("show", "job1")]
    [InlineData("logs", "job1")]
    [InlineData("dlq", "list")]
    [InlineData("dlq", "retry", "--all")]
    [InlineData("config", "show")]
    [InlineData("config", "get", "max_retries")]
    [InlineData("config", "set", "max_retries", "5")]
    [InlineData("wait", "job1")]
    [InlineData("worker", "start", "--count", "4")]
    [InlineData("worker", "stop")]
    [InlineData("host", "stop")]
    public async Task Command_ExitsThreeWithinTwoSeconds_WhenNoHost(params string[] args)
    {
        var clock = Stopwatch.StartNew();
        var result = await CliRunner.RunAsync([.. args, "--host", ClosedPort.HostOption(), "--json"]);
        Assert.Equal(3, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }

    [Theory]
    [InlineData("show", "bad/id")]
    [InlineData("logs", "")]
    [InlineData("wait", "ok", "not ok")]
    [InlineData("list", "--state", "running")]
    [InlineData("config", "get", "colour")]
    [InlineData("config", "set", "max-retries", "-3")]
    [InlineData("worker", "start", "--count", "0")]
    [InlineData("dlq", "retry")]
    [InlineData("status", "--host", "nonsense")]
    public async Task Command_ExitsTwoWithoutHost_WhenInputInvalid(params string[] args)
    {
        var withHost = args.Contains("--host") ? args : [.. args, "--host", ClosedPort.HostOption()];
        var result = await CliRunner.RunAsync(withHost);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("queuectl: ", result.Stderr);
        Assert.Contains("; ", result.Stderr);
    }
}
