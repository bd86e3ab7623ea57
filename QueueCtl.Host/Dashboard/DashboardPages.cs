using System.Collections.Frozen;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace QueueCtl.Host.Dashboard;

/// <summary>
/// The page, its script and its style, embedded in the host's assembly (<c>Dashboard/wwwroot/</c>): no CDN, no framework,
/// no build step; the host serves everything the browser needs. Read once at the first start of the dashboard.
/// </summary>
internal static class DashboardPages
{
    private static readonly FrozenDictionary<string, (string ContentType, byte[] Bytes)> Files = new Dictionary<string, (string, byte[])>
    {
        ["/"] = ("text/html; charset=utf-8", Read("index.html")),
        ["/app.js"] = ("text/javascript; charset=utf-8", Read("app.js")),
        ["/app.css"] = ("text/css; charset=utf-8", Read("app.css")),
    }.ToFrozenDictionary();

    public static void Map(WebApplication web)
    {
        foreach (var (path, (contentType, bytes)) in Files)
        {
            web.MapGet(path, context =>
            {
                context.Response.ContentType = contentType;
                context.Response.ContentLength = bytes.Length;
                return context.Response.Body.WriteAsync(bytes).AsTask();
            });
        }
    }

    private static byte[] Read(string name)
    {
        using var stream = typeof(DashboardPages).Assembly.GetManifestResourceStream("dashboard/" + name)
            ?? throw new InvalidOperationException($"the host was built without its dashboard file {name}");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
