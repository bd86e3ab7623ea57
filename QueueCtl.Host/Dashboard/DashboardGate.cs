using Microsoft.AspNetCore.Http;

namespace QueueCtl.Host.Dashboard;

/// <summary>
/// In front of every dashboard request. <c>/?token=T</c> with a token <c>queuectl dashboard</c> minted and nobody used
/// trades it for a session cookie (HttpOnly, SameSite=Strict) and a redirect to the URL without it; any other request
/// without a live session gets 401 and how to get in. A POST must also come from the dashboard's own page (its Origin),
/// so another site open in the same browser cannot press its buttons.
/// </summary>
internal sealed class DashboardGate(DashboardAccess access)
{
    public const string RefusedText =
        "queuectl dashboard: this browser has no session. Run `queuectl dashboard` as the queue's owner and open the link it prints (it works once).\n";

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        var response = context.Response;
        // The page loads nothing from elsewhere and is never framed; the token must not leak in a Referer.
        response.Headers["Content-Security-Policy"] = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'";
        response.Headers["X-Content-Type-Options"] = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers["Cache-Control"] = "no-store";

        if (request.Query.TryGetValue("token", out var token))
        {
            var session = request.Path == "/" && token.Count == 1 ? access.Redeem(token[0]!) : null;
            if (session is null)
            {
                await RefuseAsync(context, StatusCodes.Status401Unauthorized, RefusedText);
                return;
            }
            response.Cookies.Append(DashboardAccess.CookieName, session, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Path = "/",
                IsEssential = true,
            });
            response.Redirect("/", permanent: false);
            return;
        }
        if (!access.IsSession(request.Cookies[DashboardAccess.CookieName]))
        {
            await RefuseAsync(context, StatusCodes.Status401Unauthorized, RefusedText);
            return;
        }
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !IsSameOrigin(request))
        {
            await RefuseAsync(context, StatusCodes.Status403Forbidden,
                "queuectl dashboard: refused a request from another origin; use the dashboard's own page.\n");
            return;
        }
        await next(context);
    }

    /// <summary>
    /// Browsers send Origin with every POST of a page's script; it must name this very server. A request without one did
    /// not come from the page, so it is refused too.
    /// </summary>
    private static bool IsSameOrigin(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        return origin.Length > 0 && string.Equals(origin, $"{request.Scheme}://{request.Host.Value}", StringComparison.OrdinalIgnoreCase);
    }

    private static Task RefuseAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text);
    }
}
