using System.Globalization;
using System.Text;
using QueueCtl.Tests.EndToEnd.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.EndToEnd;

/// <summary>Scenario 3: a pool of workers runs every job exactly once and never more jobs at a time than it has workers.</summary>
public sealed class ConcurrencyTests(ITestOutputHelper output)
{
    private const int JobCount = 40;
    private const int Workers = 4;

    [Fact]
    public async Task Jobs_RunExactlyOnceAndAtMostFourAtATime_WhenFortyJobsRunOnFourWorkers()
    {
        await using var host = await TestHost.StartAsync(output);
        var cli = host.Cli;
        var log = Path.Combine(host.Home, "runs.log");
        var ids = Enumerable.Range(1, JobCount).Select(i => $"c{i:00}").ToList();

        // Every run appends "start ID NS" and "end ID NS" (short appends to one file are atomic);
        // the sleep keeps runs long enough to overlap.
        var jobs = new StringBuilder();
        foreach (var id in ids)
        {
            var command = $"echo \"start {id} $(date +%s%N)\" >> '{log}'; sleep 0.5; echo \"end {id} $(date +%s%N)\" >> '{log}'";
            jobs.Append($$"""{"id":"{{id}}","command":{{System.Text.Json.JsonSerializer.Serialize(command)}},"max_retries":0}""").Append('\n');
        }
        (await cli.RunAsync(["enqueue", "-"], jobs.ToString())).Succeeded();
        (await cli.RunAsync("worker", "start", "--count", Workers.ToString(CultureInfo.InvariantCulture))).Succeeded();
        (await cli.RunAsync(["wait", .. ids], stdin: null)).Succeeded();

        var events = File.ReadAllLines(log)
            .Select(line => line.Split(' '))
            .Select(parts => (Kind: parts[0], Id: parts[1], At: long.Parse(parts[2], CultureInfo.InvariantCulture)))
            .ToList();
        foreach (var id in ids)
        {
            Assert.True(events.Count(e => e.Kind == "start" && e.Id == id) == 1, $"{id} started {events.Count(e => e.Kind == "start" && e.Id == id)} times");
            Assert.True(events.Count(e => e.Kind == "end" && e.Id == id) == 1, $"{id} ended {events.Count(e => e.Kind == "end" && e.Id == id)} times");
        }
        Assert.Equal(2 * JobCount, events.Count);

        // Walk the timeline: at equal times an end is counted before a start, so back-to-back runs do not overlap.
        var running = 0;
        var most = 0;
        foreach (var e in events.OrderBy(e => e.At).ThenBy(e => e.Kind == "start" ? 1 : 0))
        {
            running += e.Kind == "start" ? 1 : -1;
            most = Math.Max(most, running);
        }
        output.WriteLine($"at most {most} jobs ran at once");
        Assert.InRange(most, 2, Workers); // more than one (the pool works in parallel), never more than the workers

        var list = await cli.ListAsync();
        Assert.All(list.EnumerateArray(), job =>
        {
            Assert.Equal("completed", job.Str("state"));
            Assert.Equal(1, job.Int("attempts"));
        });
        Assert.Equal(JobCount, list.GetArrayLength());
    }

    [Fact]
    public async Task Wait_ReturnsEveryJobOnce_WhenGivenMoreIdsThanOneRequestCarries()
    {
        await using var host = await TestHost.StartAsync(output);
        var cli = host.Cli;
        var ids = Enumerable.Range(0, 2 * 2000 + 7).Select(i => $"many-{i}").ToList();
        var lines = string.Concat(ids.Select(id => $$"""{"id":"{{id}}","command":"true"}""" + "\n"));
        (await cli.RunAsync(["enqueue", "-"], lines)).Succeeded();
        (await cli.RunAsync("worker", "start", "--count", Workers.ToString(CultureInfo.InvariantCulture))).Succeeded();

        var waited = (await cli.RunAsync(["wait", "--json", .. ids], stdin: null, TimeSpan.FromMinutes(2))).Succeeded().Json();

        Assert.Equal(ids, waited.Ids());
        Assert.All(waited.EnumerateArray(), job => Assert.Equal("completed", job.Str("state")));
    }
}
