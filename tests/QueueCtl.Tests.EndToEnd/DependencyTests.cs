using QueueCtl.Tests.EndToEnd.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.EndToEnd;

/// <summary>
/// Issue 13, dependencies, through the real CLI and host: <c>enqueue --after ID</c> (repeatable) and <c>"depends_on"</c>.
/// A job starts only once all its dependencies are completed; when one ends dead its dependants go to the DLQ naming it
/// and come back with it; unknown ids and cycles are refused at enqueue, changing nothing; a dependency survives a kill -9.
/// </summary>
public sealed class DependencyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task After_StartsAJobOnlyOnceAllItsDependenciesCompleted()
    {
        await using var host = await TestHost.StartAsync(output);
        var cli = host.Cli;
        var marks = Path.Combine(host.Home, "order");
        (await cli.RunAsync("enqueue", "--id", "fetch", $"sleep 0.5; echo fetch >> '{marks}'")).Succeeded();
        (await cli.RunAsync("enqueue", "--id", "build", $"sleep 0.2; echo build >> '{marks}'")).Succeeded();
        var enqueued = (await cli.RunAsync("enqueue", "--id", "deploy", "--after", "fetch", "--after", "build", $"echo deploy >> '{marks}'")).Succeeded();
        Assert.Equal("Enqueued job deploy (state=pending)", enqueued.Stdout.Trim());
        var shown = (await cli.RunAsync("show", "deploy")).Succeeded().Stdout;
        Assert.Contains("fetch, build", shown);

        (await cli.RunAsync("worker", "start", "--count", "3")).Succeeded();
        (await cli.RunAsync("wait", "fetch", "build", "deploy")).Succeeded();

        Assert.Equal("deploy", File.ReadAllLines(marks)[^1]);
        var deploy = await cli.ShowAsync("deploy");
        Assert.Equal(new[] { "fetch", "build" }, deploy.GetProperty("depends_on").EnumerateArray().Select(e => e.GetString()));
        Assert.True(DateTimeOffset.Parse(deploy.Str("started_at")!) >= DateTimeOffset.Parse((await cli.ShowAsync("fetch")).Str("finished_at")!));
    }

    [Fact]
    public async Task DeadDependency_SendsItsDependantsToTheDlq_AndDlqRetryBringsThemBack()
    {
        await using var host = await TestHost.StartAsync(output);
        var cli = host.Cli;
        var flag = Path.Combine(host.Home, "ready");
        (await cli.RunAsync(["enqueue", "-"], """
            {"id":"step1","command":"test -f 'FLAG'","max_retries":0}
            {"id":"step2","command":"true","depends_on":["step1"]}
            {"id":"step3","command":"true","depends_on":["step2"]}
            """.Replace("FLAG", flag))).Succeeded();
        (await cli.RunAsync("worker", "start")).Succeeded();

        var waited = await cli.RunAsync("wait", "step1", "step2", "step3");

        Assert.Equal(4, waited.ExitCode);
        var step2 = await cli.ShowAsync("step2");
        Assert.Equal(("dead", 0), (step2.Str("state"), step2.Int("attempts")));
        Assert.Equal("dependency 'step1' ended dead; 'queuectl dlq retry step1' brings this job back with it", step2.Str("last_error"));
        Assert.StartsWith("dependency 'step2' ended dead", (await cli.ShowAsync("step3")).Str("last_error"));

        var refused = await cli.RunAsync("dlq", "retry", "step3");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("job 'step3' depends on 'step2', which is dead; 'queuectl dlq retry step2' brings both back", refused.Stderr);

        File.WriteAllText(flag, "");
        Assert.Equal("Moved 3 jobs from dead to pending (attempts reset)", (await cli.RunAsync("dlq", "retry", "step1")).Succeeded().Stdout.Trim());
        (await cli.RunAsync("wait", "step1", "step2", "step3")).Succeeded();
    }

    [Fact]
    public async Task Enqueue_RefusesUnknownDependenciesAndCycles_ChangingNothing()
    {
        await using var host = await TestHost.StartAsync(output);
        var cli = host.Cli;
        (await cli.RunAsync("enqueue", "--id", "base", "true")).Succeeded();

        var unknown = await cli.RunAsync("enqueue", "--id", "orphan", "--after", "base", "--after", "ghost", "true");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("depends on 'ghost', which is not a job", unknown.Stderr);

        var cycle = await cli.RunAsync("enqueue", """[{"id":"x","command":"true","depends_on":["y"]},{"id":"y","command":"true","depends_on":["x","base"]}]""");
        Assert.Equal(2, cycle.ExitCode);
        Assert.Contains("the dependencies form a cycle, so none of its jobs could ever start: 'x' -> 'y' -> 'x'", cycle.Stderr);

        Assert.Equal(new[] { "base" }, (await cli.ListAsync()).Ids());
    }

    [Fact]
    public async Task Dependency_HoldsAcrossAKillOfTheHost()
    {
        await using var host = await TestHost.StartAsync(output);
        var cli = host.Cli;
        var gate = Path.Combine(host.Home, "gate");
        (await cli.RunAsync("enqueue", "--id", "first", $"while [ ! -f '{gate}' ]; do sleep 0.05; done")).Succeeded();
        (await cli.RunAsync("enqueue", "--id", "second", "--after", "first", "true")).Succeeded();
        await host.KillAsync();
        await host.RestartAsync();
        cli = host.Cli;

        (await cli.RunAsync("worker", "start", "--count", "2")).Succeeded();
        await cli.WaitForStateAsync("first", "processing");
        await Task.Delay(500);
        Assert.Equal("pending", (await cli.ShowAsync("second")).Str("state"));
        File.WriteAllText(gate, "");

        (await cli.RunAsync("wait", "first", "second")).Succeeded();
    }
}
