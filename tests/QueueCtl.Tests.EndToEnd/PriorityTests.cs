using System.Text.RegularExpressions;
using QueueCtl.Tests.EndToEnd.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.EndToEnd;

/// <summary>
/// Issue 13, priorities, through the real CLI and host: <c>--priority N</c> and <c>"priority"</c> in every enqueue form;
/// with one worker the jobs run highest first, equal priorities in enqueue order, whatever order they were enqueued in.
/// </summary>
public sealed class PriorityTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Jobs_RunHighestPriorityFirstAndEqualOnesInEnqueueOrder_WhenEnqueuedInEveryFormForOneWorker()
    {
        await using var host = await TestHost.StartAsync(output);
        var cli = host.Cli;
        var order = Path.Combine(host.Home, "order");
        // Each run appends its id: with one worker the file's lines are the order the runs started in.
        string Marks(string id) => $"echo {id} >> '{order}'";

        (await cli.RunAsync("enqueue", "--id", "plain-default", Marks("plain-default"))).Succeeded();
        var low = (await cli.RunAsync("enqueue", "--id", "plain-low", "--priority", "-5", Marks("plain-low"))).Succeeded();
        Assert.Equal("Enqueued job plain-low (state=pending, priority -5)", low.Stdout.Trim());
        (await cli.RunAsync("enqueue", $$"""{"id":"json-high","command":"{{Marks("json-high")}}","priority":10}""")).Succeeded();
        var file = Path.Combine(host.Home, "job.json");
        await File.WriteAllTextAsync(file, $$"""{"id":"file-mid","command":"{{Marks("file-mid")}}","priority":3}""");
        (await cli.RunAsync("enqueue", "@" + file)).Succeeded();
        (await cli.RunAsync(["enqueue", "-"],
            $$"""
            {"id":"lines-mid","command":"{{Marks("lines-mid")}}","priority":3}
            {"id":"lines-default","command":"{{Marks("lines-default")}}"}
            {"id":"lines-top","command":"{{Marks("lines-top")}}","priority":1000}
            """)).Succeeded();
        var json = (await cli.RunAsync("enqueue", "--id", "plain-high", "--priority", "10", "--json", Marks("plain-high"))).Succeeded().Json();
        Assert.Equal(10, json.Int("priority"));

        var list = (await cli.RunAsync("list")).Succeeded().Stdout;
        Assert.Matches(new Regex(@"^ID\s+STATE\s+ATTEMPTS\s+PRIORITY\s+UPDATED\s+COMMAND", RegexOptions.Multiline), list);
        Assert.Matches(new Regex(@"^lines-top\s+pending\s+0/4\s+1000\s", RegexOptions.Multiline), list);
        var priorities = (await cli.ListAsync()).EnumerateArray().ToDictionary(j => j.Str("id")!, j => j.Int("priority"));
        Assert.Equal(-5, priorities["plain-low"]);
        Assert.Equal(0, priorities["lines-default"]);

        (await cli.RunAsync("worker", "start", "--count", "1")).Succeeded();
        string[] expected = ["lines-top", "json-high", "plain-high", "file-mid", "lines-mid", "plain-default", "lines-default", "plain-low"];
        (await cli.RunAsync(["wait", .. expected], stdin: null)).Succeeded();

        Assert.Equal(expected, await File.ReadAllLinesAsync(order));
    }

    /// <summary>A higher priority enqueued while lower ones wait behind a running job runs next; the running one is not stopped.</summary>
    [Fact]
    public async Task LaterHigherPriorityJob_RunsBeforeWaitingLowerOnes_WhenEnqueuedWhileTheWorkerIsBusy()
    {
        await using var host = await TestHost.StartAsync(output);
        var cli = host.Cli;
        var order = Path.Combine(host.Home, "order");
        var gate = Path.Combine(host.Home, "gate");
        (await cli.RunAsync("worker", "start")).Succeeded();
        (await cli.RunAsync("enqueue", "--id", "busy", $"while [ ! -e '{gate}' ]; do sleep 0.05; done; echo busy >> '{order}'")).Succeeded();
        await cli.WaitForStateAsync("busy", "processing");
        (await cli.RunAsync("enqueue", "--id", "waiting-1", $"echo waiting-1 >> '{order}'")).Succeeded();
        (await cli.RunAsync("enqueue", "--id", "waiting-2", $"echo waiting-2 >> '{order}'")).Succeeded();
        (await cli.RunAsync("enqueue", "--id", "urgent", "--priority", "1", $"echo urgent >> '{order}'")).Succeeded();

        await File.WriteAllTextAsync(gate, "");
        (await cli.RunAsync("wait", "busy", "waiting-1", "waiting-2", "urgent")).Succeeded();

        Assert.Equal(["busy", "urgent", "waiting-1", "waiting-2"], await File.ReadAllLinesAsync(order));
    }
}
