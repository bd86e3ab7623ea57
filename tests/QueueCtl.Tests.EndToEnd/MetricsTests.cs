using System.Text.Json;
using QueueCtl.Tests.EndToEnd.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.EndToEnd;

/// <summary>
/// Issue 15, figures: <c>queuectl metrics</c> and Prometheus's <c>GET /metrics</c> on a real host, checked against a
/// known run of 5 completed and 2 dead jobs.
/// </summary>
public sealed class MetricsTests(ITestOutputHelper output)
{
    private const int Completed = 5;
    private const int Dead = 2;

    private static async Task<TestHost> RunKnownJobsAsync(ITestOutputHelper output, string? hostConf = null)
    {
        var host = await TestHost.StartAsync(output, hostConf);
        var cli = host.Cli;
        for (var i = 1; i <= Completed; i++)
        {
            (await cli.RunAsync("enqueue", "--id", $"ok-{i}", "true")).Succeeded();
        }
        for (var i = 1; i <= Dead; i++)
        {
            (await cli.RunAsync("enqueue", "--id", $"dead-{i}", "--max-retries", "0", "exit 3")).Succeeded();
        }
        (await cli.RunAsync("worker", "start", "--count", "2")).Succeeded();
        (await cli.RunAsync("wait", "ok-1", "ok-2", "ok-3", "ok-4", "ok-5")).Succeeded();
        await cli.WaitForStateAsync("dead-1", "dead");
        await cli.WaitForStateAsync("dead-2", "dead");
        return host;
    }

    [Fact]
    public async Task MetricsJson_CountsWhatTheRunStored()
    {
        await using var host = await RunKnownJobsAsync(output);

        var metrics = JsonDocument.Parse((await host.Cli.RunAsync("metrics", "--json")).Succeeded().Stdout).RootElement;

        var throughput = metrics.GetProperty("throughput").EnumerateArray().ToDictionary(t => t.Str("name")!, t => t.GetProperty("total").GetInt64());
        Assert.Equal(new Dictionary<string, long> { ["enqueued"] = 7, ["completed"] = Completed, ["failed"] = 0, ["dead"] = Dead }, throughput);
        Assert.Equal((Completed, Dead, 0), (metrics.GetProperty("jobs").Int("completed"), metrics.GetProperty("jobs").Int("dead"), metrics.GetProperty("jobs").Int("pending")));
        Assert.Equal(Completed + Dead, metrics.GetProperty("run_seconds").Int("count"));
        Assert.Equal(Completed + Dead, metrics.GetProperty("wait_seconds").Int("count"));
        var writes = metrics.GetProperty("write_seconds").Int("count");
        Assert.InRange(writes, 1, 100);
        Assert.Equal(writes, metrics.GetProperty("events_per_write").Int("count"));
        Assert.Equal((2, 0), (metrics.Int("workers_configured"), metrics.Int("workers_busy")));
        var hostFigures = metrics.GetProperty("host");
        Assert.True(hostFigures.GetProperty("uptime_seconds").GetDouble() > 0);
        Assert.True(hostFigures.GetProperty("cpu_seconds").GetDouble() > 0);
        Assert.InRange(hostFigures.GetProperty("resident_bytes").GetInt64(), 10L << 20, 4L << 30);
        Assert.True(metrics.GetProperty("throughput")[1].GetProperty("per_second_1m").GetDouble() > 0, "no completions in the last minute");
    }

    [Fact]
    public async Task Metrics_PrintsATableForPeople()
    {
        await using var host = await RunKnownJobsAsync(output);

        var text = (await host.Cli.RunAsync("metrics")).Succeeded().Stdout;

        Assert.Matches(@"(?m)^completed\s+5\s", text);
        Assert.Matches(@"(?m)^dead\s+2\s", text);
        Assert.Matches(@"(?m)^run time\s+7\s", text);
        Assert.Contains("Workers:  2 configured, 0 busy", text);
        Assert.Matches(@"Host:     up \d+s, CPU [\d.]+ (s|ms) \([\d.]+% of a core on average\), memory \d+ MiB", text);
    }

    [Fact]
    public async Task PrometheusEndpoint_ServesTheRunsFigures_InTheExpositionFormat()
    {
        var port = FreePort.Next();
        await using var host = await RunKnownJobsAsync(output, $"queuectl.host.metrics-listen = \"127.0.0.1:{port}\"");
        using var http = new HttpClient();

        var response = await http.GetAsync($"http://127.0.0.1:{port}/metrics");
        var text = await response.Content.ReadAsStringAsync();
        var metrics = await PrometheusText.ParseAsync(text);

        Assert.True(response.IsSuccessStatusCode, $"GET /metrics answered {response.StatusCode}");
        Assert.Equal("counter", metrics.TypeOf("queuectl_jobs_completed"));
        Assert.Equal(Completed, metrics.Value("queuectl_jobs_completed_total"));
        Assert.Equal(Dead, metrics.Value("queuectl_jobs_dead_total"));
        Assert.Equal(Completed + Dead, metrics.Value("queuectl_jobs_enqueued_total"));
        Assert.Equal(Completed, metrics.Value("queuectl_jobs", ("state", "completed")));
        Assert.Equal(Dead, metrics.Value("queuectl_jobs", ("state", "dead")));
        Assert.Equal(0, metrics.Value("queuectl_jobs", ("state", "pending")));
        Assert.Equal("histogram", metrics.TypeOf("queuectl_job_run_seconds"));
        Assert.Equal(Completed + Dead, metrics.Value("queuectl_job_run_seconds_count"));
        Assert.Equal(Completed + Dead, metrics.Value("queuectl_job_run_seconds_bucket", ("le", "+Inf")));
        Assert.Equal(Completed + Dead, metrics.Value("queuectl_job_wait_seconds_count"));
        Assert.True(metrics.Value("queuectl_journal_write_seconds_count") >= 1);
        Assert.Equal(2, metrics.Value("queuectl_workers_configured"));
        Assert.True(metrics.Value("process_cpu_seconds_total") > 0);
        Assert.Contains($"Serving Prometheus metrics on http://127.0.0.1:{port}/metrics", File.ReadAllText(Path.Combine(host.Home, "host.log")));
    }

    [Theory]
    [InlineData("--metrics-listen 0.0.0.0:9464", "", "--metrics-listen 0.0.0.0:9464: a wildcard address cannot be used")]
    [InlineData("--metrics-listen 9464", "", "--metrics-listen '9464' is invalid: expected HOST:PORT")]
    [InlineData("", "queuectl.host.metrics-listen = \"0.0.0.0:9464\"", "queuectl.host.metrics-listen 0.0.0.0:9464: a wildcard address cannot be used")]
    [InlineData("", "queuectl.host.metrics-listen = \"localhost\"", "queuectl.host.metrics-listen = 'localhost' is invalid: expected HOST:PORT")]
    public async Task Host_RefusesABadMetricsAddress_AndSaysWhy(string arguments, string hostConf, string expected)
    {
        var home = Path.Combine(Path.GetTempPath(), "queuectl-e2e-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(home);
        try
        {
            File.WriteAllText(Path.Combine(home, "host.conf"), hostConf);

            var result = await TestHost.RunRefusedHostAsync(home, $"127.0.0.1:{FreePort.Next()}",
                arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries));

            result.Exited(2);
            Assert.Contains(expected, result.Stderr);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
