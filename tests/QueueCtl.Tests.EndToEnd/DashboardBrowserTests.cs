using OpenQA.Selenium;
using QueueCtl.Tests.EndToEnd.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.EndToEnd;

/// <summary>
/// Issue 15, the dashboard in a real headless Chromium against a real host, driven as a person would: the page is opened
/// once from the link <c>queuectl dashboard</c> prints, and everything after that must arrive live, without a reload.
/// Each test saves screenshots of the pages it shows to <c>TestResults/screenshots/</c> (the README's pictures).
/// </summary>
public sealed class DashboardBrowserTests(ITestOutputHelper output)
{
    /// <summary>Set in the page once; still there later proves the page was never reloaded.</summary>
    private const string NoReloadMark = "window.queuectlTestMark";

    [Fact]
    public async Task JobsPage_ShowsAJobEnqueuedByTheCli_AndItsStateChangesLive()
    {
        await using var host = await TestHost.StartAsync(output);
        using var browser = Browser.Start();
        var link = await browser.SignInAsync(host.Cli, "jobs", "jobs");
        browser.Driver.ExecuteScript($"{NoReloadMark} = 'set';");
        browser.Until(d => d.FindElement(By.Id("live")).GetDomAttribute("data-live") == "live", "the live feed connected");

        (await host.Cli.RunAsync("enqueue", "--id", "report-1", "--priority", "5", "echo building the nightly report")).Succeeded();
        for (var i = 2; i <= 4; i++)
        {
            (await host.Cli.RunAsync("enqueue", "--id", $"report-{i}", $"echo part {i}")).Succeeded();
        }
        browser.UntilText("tr[data-job-id='report-1'] td.state", "pending");
        (await host.Cli.RunAsync("worker", "start", "--count", "2")).Succeeded();
        browser.UntilText("tr[data-job-id='report-1'] td.state", "completed");
        browser.UntilText("tr[data-job-id='report-4'] td.state", "completed");
        Assert.Equal("set", browser.Driver.ExecuteScript($"return {NoReloadMark};"));
        browser.Screenshot("jobs");

        browser.Click("tr[data-job-id='report-1'] a");
        browser.UntilLoaded("job");
        browser.Until(d => d.FindElement(By.Id("job-state")).GetDomAttribute("data-state") == "completed", "job report-1 completed");
        browser.Until(d => d.FindElement(By.Id("job-log")).Text.Contains("building the nightly report"), "the job's output");
        Assert.Contains("enqueued", browser.Text("#job-history"));
        Assert.Equal("0", browser.Text("[data-field='exit_code']"));
        browser.Screenshot("job");

        browser.Click("nav a[data-nav='overview']");
        browser.UntilLoaded("overview");
        browser.UntilText("[data-state-count='completed'] .value", "4");
        browser.UntilText("#workers-summary", "0 / 2");
        Assert.Equal("set", browser.Driver.ExecuteScript($"return {NoReloadMark};"));
        browser.Screenshot("overview");
    }

    [Fact]
    public async Task JobsPage_FiltersByState_SearchesCommands_AndPages()
    {
        await using var host = await TestHost.StartAsync(output);
        var lines = string.Join('\n', Enumerable.Range(1, 30).Select(i => $"{{\"id\":\"page-{i}\",\"command\":\"echo page {i}\"}}"));
        (await host.Cli.RunAsync(["enqueue", "-"], lines)).Succeeded();
        (await host.Cli.RunAsync("enqueue", "--id", "odd-one", "--max-retries", "0", "exit 7")).Succeeded();
        (await host.Cli.RunAsync("worker", "start")).Succeeded();
        await host.Cli.WaitForStateAsync("odd-one", "dead");
        (await host.Cli.RunAsync("worker", "stop", "--wait")).Succeeded();
        using var browser = Browser.Start();
        var link = await browser.SignInAsync(host.Cli, "jobs", "jobs");

        browser.UntilText("#page-info", "1-25 of 31 jobs");
        browser.Click("#next-page");
        browser.UntilText("#page-info", "26-31 of 31 jobs");
        browser.Click("#state-filter option[value='dead']");
        browser.UntilText("#page-info", "1-1 of 1 jobs");
        Assert.Equal("odd-one", browser.Driver.FindElement(By.CssSelector("#jobs tr[data-job-id]")).GetDomAttribute("data-job-id"));
        browser.Click("#state-filter option[value='']");
        browser.UntilText("#page-info", "1-25 of 31 jobs");
        browser.Driver.FindElement(By.Id("search")).SendKeys("page 1");
        browser.Click("#job-filters button[type='submit']");

        // "page 1", "page 10" to "page 19": eleven commands contain it.
        browser.UntilText("#page-info", "1-11 of 11 jobs");
        Assert.Contains("grep=page+1", browser.Driver.Url);
    }

    [Fact]
    public async Task JobPage_ShowsTheOutput_WhileTheJobRuns()
    {
        await using var host = await TestHost.StartAsync(output);
        var gate = Path.Combine(host.Home, "go-on");
        (await host.Cli.RunAsync("enqueue", "--id", "slow", $"echo first-line; while [ ! -f '{gate}' ]; do sleep 0.1; done; echo second-line")).Succeeded();
        (await host.Cli.RunAsync("worker", "start")).Succeeded();
        using var browser = Browser.Start();
        var link = await browser.SignInAsync(host.Cli, "jobs/slow", "job");

        browser.Until(d => d.FindElement(By.Id("job-log")).Text.Contains("first-line"), "the first line of output");
        Assert.Equal("processing", browser.Driver.FindElement(By.Id("job-state")).GetDomAttribute("data-state"));
        Assert.DoesNotContain("second-line", browser.Text("#job-log"));
        File.WriteAllText(gate, "");

        browser.Until(d => d.FindElement(By.Id("job-log")).GetDomAttribute("data-ended") == "true", "the end of the output");
        Assert.Equal("first-line\nsecond-line", browser.Text("#job-log").Trim());
        browser.Until(d => d.FindElement(By.Id("job-state")).GetDomAttribute("data-state") == "completed", "job slow completed");
    }

    [Fact]
    public async Task DlqPage_RetriesOneAndAll_AndTheJobsBecomePendingThenCompleted()
    {
        await using var host = await TestHost.StartAsync(output);
        // Each fails its first run only: the marker file exists from then on.
        foreach (var id in (string[])["flaky-1", "flaky-2"])
        {
            var marker = Path.Combine(host.Home, id + ".marker");
            (await host.Cli.RunAsync("enqueue", "--id", id, "--max-retries", "0", $"test -f '{marker}' || {{ touch '{marker}'; exit 3; }}")).Succeeded();
        }
        (await host.Cli.RunAsync("worker", "start")).Succeeded();
        await host.Cli.WaitForStateAsync("flaky-1", "dead");
        await host.Cli.WaitForStateAsync("flaky-2", "dead");
        (await host.Cli.RunAsync("worker", "stop", "--wait")).Succeeded();
        using var browser = Browser.Start();
        var link = await browser.SignInAsync(host.Cli, "dlq", "dlq");
        browser.Until(d => d.FindElements(By.CssSelector("#dead-jobs tr[data-job-id]")).Count == 2, "two dead jobs");
        Assert.Contains("exited with code 3", browser.Text("tr[data-job-id='flaky-1']"));
        browser.Screenshot("dlq");

        browser.Click("button[data-retry='flaky-1']");
        browser.Until(d => d.FindElements(By.CssSelector("#dead-jobs tr[data-job-id='flaky-1']")).Count == 0, "flaky-1 gone from the DLQ");
        Assert.Equal("pending", (await host.Cli.ShowAsync("flaky-1")).Str("state"));
        browser.Click("#retry-all");
        browser.UntilText("#action-result", "Moved 1 job from dead to pending (attempts reset)");
        browser.Until(d => d.FindElements(By.CssSelector("#dead-jobs tr[data-job-id]")).Count == 0, "an empty DLQ");
        Assert.Equal("pending", (await host.Cli.ShowAsync("flaky-2")).Str("state"));

        browser.Open($"{link.Origin()}/#/jobs/flaky-1");
        browser.UntilLoaded("job");
        browser.Until(d => d.FindElement(By.Id("job-state")).GetDomAttribute("data-state") == "pending", "flaky-1 pending");
        (await host.Cli.RunAsync("worker", "start")).Succeeded();
        browser.Until(d => d.FindElement(By.Id("job-state")).GetDomAttribute("data-state") == "completed", "flaky-1 completed");
        Assert.Contains("retried from the DLQ; attempts reset", browser.Text("#job-history"));
        await host.Cli.WaitForStateAsync("flaky-2", "completed");
    }

    [Fact]
    public async Task WorkersPage_ResizesThePool_AsStatusShows()
    {
        await using var host = await TestHost.StartAsync(output);
        (await host.Cli.RunAsync("worker", "start")).Succeeded();
        using var browser = Browser.Start();
        var link = await browser.SignInAsync(host.Cli, "workers", "workers");
        browser.UntilText("#workers-configured", "1");

        var count = browser.Driver.FindElement(By.Id("worker-count"));
        count.Clear();
        count.SendKeys("3");
        browser.Click("#resize");

        browser.UntilText("#workers-configured", "3");
        browser.UntilText("#action-result", "Workers: 3 configured, 0 busy");
        Assert.Equal(3, (await host.Cli.StatusAsync()).Int("workers_configured"));
        browser.Screenshot("workers");
    }

    [Fact]
    public async Task Page_CarriesOnAcrossAHostRestart_WithoutANewLink()
    {
        // The default address: the port the system picked is remembered and taken again.
        await using var host = await TestHost.StartAsync(output);
        using var browser = Browser.Start();
        var link = await browser.SignInAsync(host.Cli, "jobs", "jobs");
        browser.Until(d => d.FindElement(By.Id("live")).GetDomAttribute("data-live") == "live", "the live feed connected");

        await host.StopAsync();
        browser.Until(d => d.FindElement(By.Id("live")).GetDomAttribute("data-live") != "live", "the feed noticed the host stopped");
        await host.RestartAsync();
        (await host.Cli.RunAsync("enqueue", "--id", "while-away", "true")).Succeeded();

        // The session was kept in the data directory and the restarted host serves the page at once: it reconnects by
        // itself, reads the queue again and shows the job enqueued meanwhile, live.
        browser.UntilText("tr[data-job-id='while-away'] td.state", "pending");
        browser.Until(d => d.FindElement(By.Id("live")).GetDomAttribute("data-live") == "live", "the live feed connected again");
        Assert.False(browser.Driver.FindElement(By.Id("banner")).Displayed);
        (await host.Cli.RunAsync("worker", "start")).Succeeded();
        browser.UntilText("tr[data-job-id='while-away'] td.state", "completed");
    }

    [Fact]
    public async Task Page_WithoutAToken_IsRefused()
    {
        await using var host = await TestHost.StartAsync(output);
        using var browser = Browser.Start();
        var link = await host.Cli.OpenAsync();

        browser.Open($"{link.Origin()}/#/jobs");

        browser.Until(d => d.FindElement(By.TagName("body")).Text.Contains("Run `queuectl dashboard`"), "the refusal");
        Assert.Empty(browser.Driver.FindElements(By.Id("view")));
    }
}
