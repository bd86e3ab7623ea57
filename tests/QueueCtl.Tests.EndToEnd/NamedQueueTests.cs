using QueueCtl.Tests.EndToEnd.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.EndToEnd;

/// <summary>
/// Issue 13, named queues, through the real CLI and host: <c>enqueue --queue NAME</c>, each queue's own workers
/// (<c>worker start --queue NAME --count N</c>), <c>queue list|pause|resume</c> and <c>status</c> per queue. A paused queue
/// starts no new job, lets running ones finish, and stays paused across a kill -9 of the host.
/// </summary>
public sealed class NamedQueueTests(ITestOutputHelper output)
{
    [Fact]
    public async Task EachQueue_RunsOnlyItsOwnJobs_WithItsOwnWorkers()
    {
        await using var host = await TestHost.StartAsync(output);
        var cli = host.Cli;
        Assert.Equal("Enqueued job mail-1 (state=pending)", (await cli.RunAsync("enqueue", "--id", "mail-1", "--queue", "emails", "true")).Succeeded().Stdout.Trim());
        (await cli.RunAsync("enqueue", """{"id":"mail-2","command":"true","queue":"emails"}""")).Succeeded();
        (await cli.RunAsync("enqueue", "--id", "plain", "true")).Succeeded();

        Assert.Equal("Workers: 2 configured, 0 busy", (await cli.RunAsync("worker", "start", "--queue", "emails", "--count", "2")).Succeeded().Stdout.Trim());
        (await cli.RunAsync("wait", "mail-1", "mail-2")).Succeeded();

        Assert.Equal("pending", (await cli.ShowAsync("plain")).Str("state"));
        Assert.Equal("emails", (await cli.ShowAsync("mail-1")).Str("queue"));
        var queues = (await cli.RunAsync("queue", "list", "--json")).Succeeded().Json();
        Assert.Equal(new[] { "default", "emails" }, queues.EnumerateArray().Select(q => q.Str("name")));
        Assert.Equal((2, 2, 0), (queues[1].GetProperty("counts").Int("completed"), queues[1].Int("workers"), queues[0].Int("workers")));
        var status = (await cli.RunAsync("status")).Succeeded().Stdout;
        Assert.Contains("QUEUE    PENDING  PROCESSING  FAILED  DEAD  COMPLETED  WORKERS  BUSY  PAUSED", status);
        Assert.Equal(2, (await cli.StatusAsync()).GetProperty("queues").GetArrayLength());

        (await cli.RunAsync("worker", "start")).Succeeded();
        (await cli.RunAsync("wait", "plain")).Succeeded();
    }

    [Fact]
    public async Task PausedQueue_StartsNothingNew_LetsARunningJobFinish_AndStaysPausedAcrossAKill()
    {
        await using var host = await TestHost.StartAsync(output);
        var cli = host.Cli;
        var gate = Path.Combine(host.Home, "gate");
        (await cli.RunAsync("enqueue", "--id", "running", "--queue", "reports", $"while [ ! -f '{gate}' ]; do sleep 0.05; done")).Succeeded();
        (await cli.RunAsync("worker", "start", "--queue", "reports")).Succeeded();
        await cli.WaitForStateAsync("running", "processing");

        var paused = (await cli.RunAsync("queue", "pause", "reports")).Succeeded().Stdout;
        Assert.Contains("reports  0        1           0       0     0          1        1     yes", paused);
        (await cli.RunAsync("enqueue", "--id", "held", "--queue", "reports", "true")).Succeeded();
        File.WriteAllText(gate, "");
        (await cli.RunAsync("wait", "running")).Succeeded();

        await host.KillAsync();
        await host.RestartAsync();
        cli = host.Cli;
        await Task.Delay(1000); // a queue not paused would have started it by now
        Assert.Equal("pending", (await cli.ShowAsync("held")).Str("state"));
        var queues = (await cli.RunAsync("queue", "list", "--json")).Succeeded().Json();
        Assert.True(queues.EnumerateArray().Single(q => q.Str("name") == "reports").GetProperty("paused").GetBoolean());

        (await cli.RunAsync("queue", "resume", "reports")).Succeeded();
        (await cli.RunAsync("wait", "held")).Succeeded();
    }

    [Fact]
    public async Task BadQueueNames_AreRefusedWithExitTwo_ChangingNothing()
    {
        await using var host = await TestHost.StartAsync(output);
        var cli = host.Cli;

        foreach (var args in new[]
                 {
                     new[] { "enqueue", "--queue", "--count", "true" },
                     ["enqueue", """{"command":"true","queue":"a b"}"""],
                     ["worker", "start", "--queue=-emails"],
                     ["queue", "pause", "a/b"],
                 })
        {
            var result = await cli.RunAsync(args);
            Assert.True(result.ExitCode == 2, $"expected exit code 2:\n{result}");
            Assert.Contains("queue name", result.Stderr);
        }
        Assert.Empty((await cli.ListAsync()).EnumerateArray());
        Assert.Single((await cli.RunAsync("queue", "list", "--json")).Succeeded().Json().EnumerateArray());
    }
}
