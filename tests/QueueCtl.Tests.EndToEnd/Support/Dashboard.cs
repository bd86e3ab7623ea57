using System.Net;

namespace QueueCtl.Tests.EndToEnd.Support;

/// <summary>The dashboard of one test host: a link from <c>queuectl dashboard --json</c>, and HTTP requests with or without a session.</summary>
internal static class Dashboard
{
    public const string CookieName = "queuectl_session";

    /// <summary><c>queuectl dashboard --json</c>: the URL with its one-time token.</summary>
    public static async Task<Uri> OpenAsync(this Cli cli) =>
        new((await cli.RunAsync("dashboard", "--json")).Succeeded().Json().Str("url")!);

    /// <summary>Signs <paramref name="browser"/> in with a new link and shows <c>#/ROUTE</c> once its <paramref name="page"/> has loaded.</summary>
    public static async Task<Uri> SignInAsync(this Browser browser, Cli cli, string route, string page)
    {
        var link = await cli.OpenAsync();
        browser.Open(link.ToString());
        browser.Open($"{link.Origin()}/#/{route}");
        browser.UntilLoaded(page);
        return link;
    }

    /// <summary>The dashboard's origin, <c>http://127.0.0.1:PORT</c>, without the token.</summary>
    public static string Origin(this Uri link) => link.GetLeftPart(UriPartial.Authority);

    /// <summary>A client that neither follows redirects nor keeps cookies: each test says what it sends.</summary>
    public static HttpClient Client() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Redeems the link's token as a browser would; returns the session cookie (<c>name=value</c>).</summary>
    public static async Task<string> SignInAsync(this HttpClient http, Uri link)
    {
        using var response = await http.GetAsync(link);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(CookieName + "=", StringComparison.Ordinal));
        return cookie.Split(';')[0];
    }

    public static HttpRequestMessage Request(HttpMethod method, string url, string? cookie = null, string? origin = null, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }
        return request;
    }
}
