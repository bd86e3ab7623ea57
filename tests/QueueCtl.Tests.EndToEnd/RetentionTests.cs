using System.Text;
using QueueCtl.Tests.EndToEnd.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.EndToEnd;

/// <summary>
/// Issue 14, retention, through the real CLI and host: <c>keep-completed-max</c> and <c>keep-completed-for</c> forget
/// finished jobs on their own, oldest first, with their log files; <c>queuectl clean</c> forgets the finished jobs it
/// names and keeps those others depend on. A forgotten job is unknown afterwards: <c>show</c> exits 1.
/// </summary>
public sealed class RetentionTests(ITestOutputHelper output)
{
    [Fact]
    public async Task KeepCompletedMax_ForgetsTheOldestCompletedJobsAndTheirLogs_OnceTheCountPassesItsSlack()
    {
        await using var host = await TestHost.StartAsync(output);
        var cli = host.Cli;
        (await cli.RunAsync("config", "set", "keep-completed-max", "0")).Succeeded();
        // keep-completed-max 0 forgets once 100 (its slack) are completed, back down to 0: 150 jobs pass it once.
        var ids = Enumerable.Range(1, 150).Select(i => $"r-{i:000}").ToList();
        await EnqueueAsync(cli, ids, id => $"echo {id}");

        (await cli.RunAsync("worker", "start", "--count", "2")).Succeeded();

        var kept = await Eventually.AssertAsync(async () =>
        {
            var status = await cli.StatusAsync();
            var counts = status.GetProperty("counts");
            Assert.Equal((0, 0), (counts.Int("pending"), counts.Int("processing")));
            Assert.InRange(counts.Int("completed"), 1, 99);
            Assert.Equal(counts.Int("completed"), status.Int("total"));
            return (await cli.ListAsync("--state", "completed")).Ids();
        }, what: "150 jobs run and the oldest of them forgotten");

        var forgotten = ids.Except(kept).ToList();
        Assert.Equal(150 - kept.Count, forgotten.Count);
        Assert.Contains("r-001", forgotten);
        Assert.Contains("r-150", kept);
        await Eventually.AssertAsync(() => Assert.All(forgotten, id => Assert.False(File.Exists(LogOf(host, id)), $"the log of {id} is still there")),
            TimeSpan.FromSeconds(30), "the logs of the forgotten jobs deleted");
        Assert.All(kept, id => Assert.True(File.Exists(LogOf(host, id)), $"the log of kept job {id} is gone"));
        var show = (await cli.RunAsync("show", "r-001")).Exited(1);
        Assert.StartsWith("queuectl: no job with id 'r-001'", show.Stderr);
        Assert.Equal("", show.Stdout);
        (await cli.RunAsync("logs", forgotten[^1])).Exited(1);
        Assert.Equal($"{kept[0]}\n", (await cli.RunAsync("logs", kept[0])).Succeeded().Stdout);
    }

    [Fact]
    public async Task KeepCompletedFor_ForgetsCompletedJobsOnceOldEnough_AndKeepsDeadOnesForever()
    {
        await using var host = await TestHost.StartAsync(output);
        var cli = host.Cli;
        (await cli.RunAsync("enqueue", "--id", "done-1", "echo one")).Succeeded();
        (await cli.RunAsync("enqueue", "--id", "done-2", "echo two")).Succeeded();
        (await cli.RunAsync("enqueue", "--id", "broken", "--max-retries", "0", "echo broken; exit 3")).Succeeded();
        (await cli.RunAsync("worker", "start")).Succeeded();
        (await cli.RunAsync("wait", "done-1", "done-2")).Succeeded();
        await cli.WaitForStateAsync("broken", "dead");
        Assert.True(File.Exists(LogOf(host, "done-1")), "a completed job has no log to forget");

        // config set re-arms the host's due timer at once: the jobs are forgotten without waiting out its minute.
        (await cli.RunAsync("config", "set", "keep-completed-for", "0s")).Succeeded();

        await Eventually.AssertAsync(async () =>
        {
            Assert.Equal(0, (await cli.StatusAsync()).GetProperty("counts").Int("completed"));
            Assert.False(File.Exists(LogOf(host, "done-1")), "the log of done-1 is still there");
            Assert.False(File.Exists(LogOf(host, "done-2")), "the log of done-2 is still there");
        }, TimeSpan.FromSeconds(30), "completed jobs forgotten by keep-completed-for 0s");
        Assert.Contains("no job with id 'done-2'", (await cli.RunAsync("show", "done-2")).Exited(1).Stderr);
        Assert.Equal("dead", (await cli.ShowAsync("broken")).Str("state"));
        Assert.True(File.Exists(LogOf(host, "broken")), "keep-dead-for forever lost a dead job's log");
        Assert.Equal("0s", (await cli.RunAsync("config", "get", "keep-completed-for")).Succeeded().Stdout.Trim());
    }

    [Fact]
    public async Task Clean_ForgetsTheFinishedJobsItNames_AndKeepsADependencyOfAPendingJob()
    {
        await using var host = await TestHost.StartAsync(output);
        var cli = host.Cli;
        foreach (var id in new[] { "c-1", "c-2", "dep" })
        {
            (await cli.RunAsync("enqueue", "--id", id, $"echo {id}")).Succeeded();
        }
        (await cli.RunAsync("enqueue", "--id", "d-1", "--max-retries", "0", "false")).Succeeded();
        (await cli.RunAsync("worker", "start")).Succeeded();
        (await cli.RunAsync("wait", "c-1", "c-2", "dep")).Succeeded();
        await cli.WaitForStateAsync("d-1", "dead");
        // A pending job (it waits an hour to start) that depends on dep: dep is kept for it.
        (await cli.RunAsync("enqueue", "--id", "child", "--after", "dep", "--delay", "1h", "true")).Succeeded();

        var bare = (await cli.RunAsync("clean")).Exited(2);
        Assert.StartsWith("queuectl: clean needs --state, --older-than or --all;", bare.Stderr);
        (await cli.RunAsync("clean", "--all", "--state", "dead")).Exited(2);
        (await cli.RunAsync("clean", "--state", "pending")).Exited(2);
        Assert.Equal(5, (await cli.StatusAsync()).Int("total"));

        Assert.Equal("""{"forgotten":1,"kept":0}""", (await cli.RunAsync("clean", "--state", "dead", "--json")).Succeeded().Stdout.Trim());
        Assert.Contains("no job with id 'd-1'", (await cli.RunAsync("show", "d-1")).Exited(1).Stderr);
        Assert.Equal("completed", (await cli.ShowAsync("c-1")).Str("state"));

        Assert.Equal("forgot 0 jobs", (await cli.RunAsync("clean", "--older-than", "1h")).Succeeded().Stdout.Trim());
        Assert.Equal(3, (await cli.StatusAsync()).GetProperty("counts").Int("completed"));

        var cleaned = (await cli.RunAsync("clean", "--state", "completed")).Succeeded();
        Assert.Equal("forgot 2 jobs\nkept 1 job: other jobs depend on it or a client waits for it", cleaned.Stdout.Trim());
        Assert.Equal("completed", (await cli.ShowAsync("dep")).Str("state"));
        (await cli.RunAsync("show", "c-2")).Exited(1);
        await Eventually.AssertAsync(() => Assert.False(File.Exists(LogOf(host, "c-1")), "the log of c-1 is still there"),
            TimeSpan.FromSeconds(30), "the log of a cleaned job deleted");
        Assert.True(File.Exists(LogOf(host, "dep")), "the log of a kept job is gone");

        Assert.Equal("""{"forgotten":0,"kept":1}""", (await cli.RunAsync("clean", "--all", "--json")).Succeeded().Stdout.Trim());
        Assert.Equal("pending", (await cli.ShowAsync("child")).Str("state"));
    }

    [Fact]
    public async Task ListSortCreated_ShowsEveryEarlierJobExactlyOnceAcrossPages_WhileJobsAreAdded()
    {
        await using var host = await TestHost.StartAsync(output);
        var cli = host.Cli;
        var before = Enumerable.Range(1, 300).Select(i => $"p-{i:000}").ToList();
        await EnqueueAsync(cli, before, _ => "true");

        // No workers: every job stays pending, so only the adding changes the list while it is paged.
        using var stop = new CancellationTokenSource();
        var added = 0;
        var adding = Task.Run(async () =>
        {
            for (var batch = 0; !stop.IsCancellationRequested && batch < 30; batch++)
            {
                await EnqueueAsync(cli, Enumerable.Range(0, 10).Select(i => $"q-{batch:00}-{i}").ToList(), _ => "true");
                Interlocked.Add(ref added, 10);
            }
        });

        await Eventually.AssertAsync(() => Assert.True(Volatile.Read(ref added) > 0, "no job added yet"), TimeSpan.FromSeconds(30), "the adding under way");
        var addedBeforePaging = Volatile.Read(ref added);
        var seen = new List<string>();
        for (var offset = 0; ; offset += 50)
        {
            var page = (await cli.ListAsync("--sort", "created", "--limit", "50", "--offset", offset.ToString())).Ids();
            seen.AddRange(page);
            if (page.Count < 50 || offset > 10_000)
            {
                break;
            }
        }
        var addedWhilePaging = Volatile.Read(ref added) - addedBeforePaging;
        stop.Cancel();
        await adding;

        Assert.True(addedWhilePaging > 0, $"no job was added while paging ({seen.Count} seen)");
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(before, seen.Take(before.Count));
        var total = (await cli.StatusAsync()).Int("total");
        var last = (await cli.RunAsync("list", "--sort", "created", "--limit", "50", "--offset", "50")).Succeeded().Stdout;
        Assert.Equal($"showing 51-100 of {total} jobs", last.TrimEnd().Split('\n')[^1]);
        Assert.Contains("p-051", last);
        Assert.DoesNotContain("p-050 ", last);
    }

    [Fact]
    public async Task ListGrepAndSortPriority_ShowOnlyMatchingCommands_InTheOrderWorkersTakeThem()
    {
        await using var host = await TestHost.StartAsync(output);
        var cli = host.Cli;
        (await cli.RunAsync("enqueue", "--id", "alpha", "echo alpha")).Succeeded();
        (await cli.RunAsync("enqueue", "--id", "beta", "--priority", "5", "echo beta")).Succeeded();
        (await cli.RunAsync("enqueue", "--id", "shout", "--priority", "9", "echo ALPHA")).Succeeded();
        (await cli.RunAsync("enqueue", "--id", "alphabet", "--priority", "5", "echo alphabet")).Succeeded();
        (await cli.RunAsync("enqueue", "--id", "low", "--priority", "-1", "echo low")).Succeeded();

        Assert.Equal(["alphabet", "alpha"], (await cli.ListAsync("--grep", "alpha")).Ids());
        Assert.Equal(["shout", "beta", "alphabet", "alpha", "low"], (await cli.ListAsync("--sort", "priority")).Ids());
        Assert.Equal(["alphabet", "alpha"], (await cli.ListAsync("--sort", "priority", "--grep", "alpha")).Ids());
        Assert.Equal(["alpha"], (await cli.ListAsync("--sort", "created", "--grep", "alpha", "--limit", "1")).Ids());
        var text = (await cli.RunAsync("list", "--grep", "alpha", "--sort", "created", "--offset", "1")).Succeeded().Stdout;
        Assert.Equal("showing 2-2 of 2 jobs", text.TrimEnd().Split('\n')[^1]);
        Assert.Contains("alphabet", text);
        Assert.Equal("showing 0 of 0 jobs", (await cli.RunAsync("list", "--grep", "gamma")).Succeeded().Stdout.Trim());
        Assert.Equal("No dead job's command contains 'alpha'", (await cli.RunAsync("dlq", "list", "--grep", "alpha")).Succeeded().Stdout.Trim());
    }

    private static string LogOf(TestHost host, string id) => Path.Combine(host.Home, "logs", $"{id}.log");

    /// <summary>The jobs as JSON Lines on stdin, one <c>enqueue -</c>.</summary>
    private static async Task EnqueueAsync(Cli cli, IReadOnlyList<string> ids, Func<string, string> command)
    {
        var lines = new StringBuilder();
        foreach (var id in ids)
        {
            lines.Append($"{{\"id\":\"{id}\",\"command\":\"{command(id)}\"}}\n");
        }
        (await cli.RunAsync(["enqueue", "-"], lines.ToString())).Succeeded();
    }
}
