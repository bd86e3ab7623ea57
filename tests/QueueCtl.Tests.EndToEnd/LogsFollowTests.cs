using QueueCtl.Tests.EndToEnd.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.EndToEnd;

/// <summary>
/// Issue 13, live output, through the real CLI and host: <c>queuectl logs ID --follow</c> prints a job's output as the host
/// pushes it (a line reaches the terminal while the job still runs), ends with the job, completed or dead, and leaves the
/// host holding nothing when the CLI is killed; a host that stops ends it with exit 3.
/// </summary>
public sealed class LogsFollowTests(ITestOutputHelper output)
{
    private static readonly TimeSpan LineWait = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The job prints a line, then waits for a file the test creates only after that line reached the CLI's stdout, then
    /// prints four more over 1.5 s: the first line cannot have come from a finished job.
    /// </summary>
    [Fact]
    public async Task Follow_PrintsTheFirstLineWhileTheJobRunsAndExitsZero_WhenTheJobCompletes()
    {
        await using var host = await TestHost.StartAsync(output);
        var cli = host.Cli;
        var gate = Path.Combine(host.Home, "gate");
        (await cli.RunAsync("enqueue", "--id", "ticker",
            $"echo 'line 1'; while [ ! -f '{gate}' ]; do sleep 0.05; done; for i in 2 3 4 5; do echo \"line $i\"; sleep 0.5; done")).Succeeded();
        (await cli.RunAsync("worker", "start")).Succeeded();
        await using var follow = RunningCli.Start(cli, "logs", "ticker", "--follow");

        Assert.Equal("line 1", await follow.NextLineAsync(LineWait));
        Assert.Equal("processing", (await cli.ShowAsync("ticker")).Str("state"));
        await File.WriteAllTextAsync(gate, "");
        Assert.Equal("line 2", await follow.NextLineAsync(LineWait));
        var result = (await follow.ExitAsync(LineWait)).Succeeded();

        Assert.Equal("line 1\nline 2\nline 3\nline 4\nline 5\n", result.Stdout);
        Assert.Equal("completed", (await cli.ShowAsync("ticker")).Str("state"));
    }

    [Fact]
    public async Task Follow_PrintsTheLastWordsAndExitsZero_WhenTheJobDies()
    {
        await using var host = await TestHost.StartAsync(output);
        var cli = host.Cli;
        (await cli.RunAsync("enqueue", "--id", "doomed", "--max-retries", "0", "echo going; sleep 1; echo gone >&2; exit 4")).Succeeded();
        (await cli.RunAsync("worker", "start")).Succeeded();

        var followed = (await cli.RunAsync("logs", "doomed", "--follow")).Succeeded();
        var json = (await cli.RunAsync("logs", "doomed", "-f", "--json")).Succeeded().Json();

        Assert.Equal("going\ngone\n", followed.Stdout);
        Assert.Equal("dead", (await cli.ShowAsync("doomed")).Str("state"));
        Assert.Equal("going\ngone\n", json.Str("log"));
    }

    [Fact]
    public async Task Follow_PrintsEverythingAndExits_WhenTheJobIsAlreadyFinished_AndExitsOne_WhenThereIsNoSuchJob()
    {
        await using var host = await TestHost.StartAsync(output);
        var cli = host.Cli;
        (await cli.RunAsync("enqueue", "--id", "done", "seq 1 50000")).Succeeded();
        (await cli.RunAsync("worker", "start")).Succeeded();
        await cli.RunAsync("wait", "done");

        var followed = (await cli.RunAsync("logs", "done", "--follow")).Succeeded();
        var unknown = (await cli.RunAsync("logs", "ghost", "--follow")).Exited(1);

        Assert.Equal((await cli.RunAsync("logs", "done")).Succeeded().Stdout, followed.Stdout);
        Assert.Equal(50000, followed.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal("queuectl: no job with id 'ghost'; 'queuectl list' shows the jobs there are\n", unknown.Stderr);
    }

    [Fact]
    public async Task Follow_IsDroppedByTheHost_WhenTheCliIsKilled()
    {
        await using var host = await TestHost.StartAsync(output);
        var cli = host.Cli;
        (await cli.RunAsync("enqueue", "--id", "long", "echo started; sleep 60")).Succeeded();
        (await cli.RunAsync("worker", "start")).Succeeded();
        await using var follow = RunningCli.Start(cli, "logs", "long", "--follow");
        Assert.Equal("started", await follow.NextLineAsync(LineWait));

        await follow.KillAsync();

        await Eventually.AssertAsync(
            () => Assert.Contains("Stopped following the log of job long: its follower at", File.ReadAllText(Path.Combine(host.Home, "host.log"))),
            TimeSpan.FromSeconds(20), "the host dropping the killed CLI's subscription");
        Assert.Equal("processing", (await cli.ShowAsync("long")).Str("state"));
    }

    [Fact]
    public async Task Follow_ExitsThreeSayingWhy_WhenTheHostStops()
    {
        await using var host = await TestHost.StartAsync(output);
        var cli = host.Cli;
        (await cli.RunAsync("enqueue", "--id", "long", "echo started; sleep 60")).Succeeded();
        (await cli.RunAsync("worker", "start")).Succeeded();
        await using var follow = RunningCli.Start(cli, "logs", "long", "--follow");
        Assert.Equal("started", await follow.NextLineAsync(LineWait));

        await host.StopAsync();
        var result = (await follow.ExitAsync(LineWait)).Exited(3);

        Assert.Equal("started\n", result.Stdout);
        Assert.StartsWith("queuectl: the host ", result.Stderr);
        Assert.Contains("run `queuectl logs long --follow` again", result.Stderr);
    }
}
