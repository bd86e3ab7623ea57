using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using QueueCtl.Tests.EndToEnd.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.EndToEnd;

/// <summary>
/// Issue 15, the dashboard over plain HTTP against a real host: who gets in (the one-time token, then the session
/// cookie; a stranger and a foreign page are refused), the live event stream, and the API's answers.
/// </summary>
public sealed class DashboardAccessTests(ITestOutputHelper output)
{
    private static readonly Regex LinkShape = new(@"^http://127\.0\.0\.1:(\d+)/\?token=([A-Za-z0-9_-]{43})$");

    [Fact]
    public async Task DashboardJson_GivesALoopbackUrl_WithANewTokenEachTime()
    {
        await using var host = await TestHost.StartAsync(output);

        var first = (await host.Cli.OpenAsync()).ToString();
        var second = (await host.Cli.OpenAsync()).ToString();
        var text = (await host.Cli.RunAsync("dashboard")).Succeeded().Stdout;

        var firstMatch = LinkShape.Match(first);
        var secondMatch = LinkShape.Match(second);
        Assert.True(firstMatch.Success, $"not a loopback dashboard link: {first}");
        Assert.True(secondMatch.Success, $"not a loopback dashboard link: {second}");
        Assert.Equal(firstMatch.Groups[1].Value, secondMatch.Groups[1].Value);
        Assert.NotEqual(firstMatch.Groups[2].Value, secondMatch.Groups[2].Value);
        Assert.Matches(LinkShape, text.Split('\n')[0]);
        Assert.Contains($"Serving the dashboard on http://127.0.0.1:{firstMatch.Groups[1].Value}", File.ReadAllText(Path.Combine(host.Home, "host.log")));
    }

    [Fact]
    public async Task Dashboard_ListensWhereHostConfSays()
    {
        var port = FreePort.Next();
        await using var host = await TestHost.StartAsync(output, $"queuectl.host.dashboard-listen = \"127.0.0.1:{port}\"");

        var link = await host.Cli.OpenAsync();

        Assert.Equal($"http://127.0.0.1:{port}", link.Origin());
    }

    [Fact]
    public async Task Host_RefusesADashboardAddressBeyondLoopback_WithoutAllowRemote()
    {
        var home = Path.Combine(Path.GetTempPath(), "queuectl-e2e-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(home);
        try
        {
            File.WriteAllText(Path.Combine(home, "host.conf"), "queuectl.host.dashboard-listen = \"192.0.2.10:8080\"");

            var result = await TestHost.RunRefusedHostAsync(home, $"127.0.0.1:{FreePort.Next()}");

            result.Exited(2);
            Assert.Contains("queuectl.host.dashboard-listen 192.0.2.10:8080 is reachable from other machines", result.Stderr);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    [Fact]
    public async Task Dashboard_RefusesAStranger_AndAWrongOrUsedToken()
    {
        await using var host = await TestHost.StartAsync(output);
        var link = await host.Cli.OpenAsync();
        var origin = link.Origin();
        using var http = Dashboard.Client();

        foreach (var url in (string[])[$"{origin}/", $"{origin}/app.js", $"{origin}/api/status", $"{origin}/api/events", $"{origin}/?token=not-a-token"])
        {
            using var refused = await http.GetAsync(url);
            Assert.True(refused.StatusCode == HttpStatusCode.Unauthorized, $"GET {url} answered {refused.StatusCode}");
            Assert.Contains("queuectl dashboard", await refused.Content.ReadAsStringAsync());
        }
        using (var post = await http.SendAsync(Dashboard.Request(HttpMethod.Post, $"{origin}/api/workers", origin: origin, content: Count(3))))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        }

        using var signIn = await http.GetAsync(link);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/", signIn.Headers.Location?.ToString());
        var setCookie = signIn.Headers.GetValues("Set-Cookie").Single();
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);

        using var again = await http.GetAsync(link);
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        Assert.Equal(0, (await host.Cli.StatusAsync()).Int("workers_configured"));
    }

    [Fact]
    public async Task Dashboard_RefusesAPostFromAnotherOrigin_AndTakesOneFromItsOwn()
    {
        await using var host = await TestHost.StartAsync(output);
        var link = await host.Cli.OpenAsync();
        var origin = link.Origin();
        using var http = Dashboard.Client();
        var session = await http.SignInAsync(link);

        using (var foreign = await http.SendAsync(Dashboard.Request(HttpMethod.Post, $"{origin}/api/workers", session, "http://evil.example", Count(3))))
        {
            Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        }
        using (var noOrigin = await http.SendAsync(Dashboard.Request(HttpMethod.Post, $"{origin}/api/workers", session, content: Count(3))))
        {
            Assert.Equal(HttpStatusCode.Forbidden, noOrigin.StatusCode);
        }
        Assert.Equal(0, (await host.Cli.StatusAsync()).Int("workers_configured"));

        using var own = await http.SendAsync(Dashboard.Request(HttpMethod.Post, $"{origin}/api/workers", session, origin, Count(3)));
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(3, JsonDocument.Parse(await own.Content.ReadAsStringAsync()).RootElement.Int("configured"));
        Assert.Equal(3, (await host.Cli.StatusAsync()).Int("workers_configured"));
    }

    [Fact]
    public async Task Api_AnswersWithTheQueuesReply_OrItsReasonForRefusing()
    {
        await using var host = await TestHost.StartAsync(output);
        (await host.Cli.RunAsync("enqueue", "--id", "api-1", "echo one")).Succeeded();
        var link = await host.Cli.OpenAsync();
        var origin = link.Origin();
        using var http = Dashboard.Client();
        var session = await http.SignInAsync(link);

        var (status, list) = await GetAsync(http, session, $"{origin}/api/jobs?state=pending&grep=one&limit=10");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, list.Int("matching"));
        Assert.Equal("api-1", list.GetProperty("jobs")[0].Str("id"));
        var (_, job) = await GetAsync(http, session, $"{origin}/api/jobs/api-1");
        Assert.Equal("pending", job.GetProperty("job").Str("state"));

        var (badState, badStateBody) = await GetAsync(http, session, $"{origin}/api/jobs?state=sleeping");
        Assert.Equal(HttpStatusCode.BadRequest, badState);
        Assert.Contains("state must be one of", badStateBody.Str("reason"));
        var (badLimit, _) = await GetAsync(http, session, $"{origin}/api/jobs?limit=0");
        Assert.Equal(HttpStatusCode.BadRequest, badLimit);
        var (unknown, unknownBody) = await GetAsync(http, session, $"{origin}/api/jobs/nope");
        Assert.Equal(HttpStatusCode.NotFound, unknown);
        Assert.Contains("nope", unknownBody.Str("reason"));
        using var notDead = await http.SendAsync(Dashboard.Request(HttpMethod.Post, $"{origin}/api/jobs/api-1/retry", session, origin));
        Assert.Equal(HttpStatusCode.Conflict, notDead.StatusCode);
        using var badCount = await http.SendAsync(Dashboard.Request(HttpMethod.Post, $"{origin}/api/workers", session, origin, Count(0)));
        Assert.Equal(HttpStatusCode.BadRequest, badCount.StatusCode);
        Assert.Contains("worker count must be from 1", await badCount.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task EventStream_SendsEachStoredEvent_WithItsTypeAndJson()
    {
        await using var host = await TestHost.StartAsync(output);
        var link = await host.Cli.OpenAsync();
        var origin = link.Origin();
        using var http = Dashboard.Client();
        var session = await http.SignInAsync(link);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        using var response = await http.SendAsync(Dashboard.Request(HttpMethod.Get, $"{origin}/api/events", session),
            HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var stream = new StreamReader(await response.Content.ReadAsStreamAsync(deadline.Token), Encoding.UTF8);
        await ReadUntilAsync(stream, "event: subscribed", deadline.Token);
        (await host.Cli.RunAsync("enqueue", "--id", "sse-1", "echo streamed")).Succeeded();
        (await host.Cli.RunAsync("worker", "start")).Succeeded();

        var enqueued = await ReadUntilAsync(stream, "event: JobsEnqueued", deadline.Token);
        var data = JsonDocument.Parse(enqueued["data: ".Length..]).RootElement;
        Assert.Equal("sse-1", data.GetProperty("jobs")[0].Str("id"));
        await ReadUntilAsync(stream, "event: WorkerCountSet", deadline.Token);
        var completed = JsonDocument.Parse((await ReadUntilAsync(stream, "event: JobCompleted", deadline.Token))["data: ".Length..]).RootElement;
        Assert.Equal(("sse-1", 0), (completed.Str("job_id"), completed.Int("exit_code")));
    }

    /// <summary>Reads server-sent lines until <paramref name="eventLine"/>; returns the data line that follows it.</summary>
    private static async Task<string> ReadUntilAsync(StreamReader stream, string eventLine, CancellationToken cancellation)
    {
        while (await stream.ReadLineAsync(cancellation) is { } line)
        {
            if (line == eventLine)
            {
                return await stream.ReadLineAsync(cancellation) ?? "";
            }
        }
        throw new Xunit.Sdk.XunitException($"the event stream ended before '{eventLine}'");
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(HttpClient http, string session, string url)
    {
        using var response = await http.SendAsync(Dashboard.Request(HttpMethod.Get, url, session));
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static StringContent Count(int count) => new($"{{\"count\":{count}}}", Encoding.UTF8, "application/json");
}
