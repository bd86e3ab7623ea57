using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;
using QueueCtl.Actors.Serialization;

namespace QueueCtl.Host.Dashboard;

/// <summary>
/// The JSON the page reads (once at load and after an event) and the actions its buttons take. Each is one protocol
/// message, the one the CLI's verb sends, and answers with that message's reply in the CLI's <c>--json</c> names; a
/// <see cref="CommandRejected"/> becomes a 4xx (503 for a queue that is restarting) carrying its reason.
/// </summary>
internal static class DashboardApi
{
    /// <summary>A page of the job list; the CLI allows 10,000, a browser table needs far fewer.</summary>
    public const int MaxPage = 500;

    private const int LogChunkBytes = 256 * 1024;

    public static void Map(IEndpointRouteBuilder web, DashboardQueue queue)
    {
        web.MapGet("/api/status", context => AnswerAsync(context, queue, GetStatus.Instance));
        web.MapGet("/api/metrics", context => AnswerAsync(context, queue, GetMetrics.Instance));
        web.MapGet("/api/jobs", context => ListJobsFrom(context.Request.Query) switch
        {
            (ListJobs list, _) => AnswerAsync(context, queue, list),
            (_, var problem) => WriteAsync(context, new CommandRejected(RejectionKind.InvalidInput, problem!)),
        });
        web.MapGet("/api/jobs/{id}", context => AnswerAsync(context, queue, new GetJob(Id(context))));
        web.MapGet("/api/jobs/{id}/log", context =>
        {
            var offset = long.TryParse(context.Request.Query["offset"], NumberStyles.None, CultureInfo.InvariantCulture, out var from) ? from : 0;
            return AnswerAsync(context, queue, new GetJobLog(Id(context), offset, LogChunkBytes));
        });
        web.MapPost("/api/jobs/{id}/retry", context => AnswerAsync(context, queue, new RetryDeadJob(Id(context))));
        web.MapPost("/api/dlq/retry-all", context => AnswerAsync(context, queue, RetryAllDeadJobs.Instance));
        web.MapPost("/api/workers", async context =>
        {
            var (count, problem) = await WorkerCountFromAsync(context.Request);
            await (problem is null
                ? AnswerAsync(context, queue, new StartWorkers(count))
                : WriteAsync(context, new CommandRejected(RejectionKind.InvalidInput, problem)));
        });
    }

    /// <summary><c>?state=&amp;grep=&amp;offset=&amp;limit=&amp;sort=</c>, checked as <c>queuectl list</c> checks its options.</summary>
    public static (ListJobs? List, string? Problem) ListJobsFrom(IQueryCollection query)
    {
        JobState? state = null;
        if (query["state"].ToString() is { Length: > 0 } stateText)
        {
            if (!Enum.TryParse<JobState>(stateText, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || char.IsDigit(stateText[0]))
            {
                return (null, $"state must be one of pending, processing, completed, failed, dead, not '{stateText}'");
            }
            state = parsed;
        }
        var order = JobOrder.Newest;
        if (query["sort"].ToString() is { Length: > 0 } sortText)
        {
            if (!Enum.TryParse(sortText, ignoreCase: true, out order) || !Enum.IsDefined(order) || char.IsDigit(sortText[0]))
            {
                return (null, $"sort must be one of newest, created, updated, priority, not '{sortText}'");
            }
        }
        var limit = 50;
        if (query["limit"].ToString() is { Length: > 0 } limitText &&
            (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxPage))
        {
            return (null, $"limit must be a number from 1 to {MaxPage}, not '{limitText}'");
        }
        var offset = 0;
        if (query["offset"].ToString() is { Length: > 0 } offsetText &&
            !int.TryParse(offsetText, NumberStyles.None, CultureInfo.InvariantCulture, out offset))
        {
            return (null, $"offset must be a number from 0, not '{offsetText}'");
        }
        var grep = query["grep"].ToString() is { Length: > 0 } text ? text : null;
        return (new ListJobs(state, limit, offset, order, grep), null);
    }

    /// <summary>The body of <c>POST /api/workers</c>: <c>{"count": N}</c>; the queue itself checks the range.</summary>
    private static async Task<(int Count, string? Problem)> WorkerCountFromAsync(HttpRequest request)
    {
        try
        {
            using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            if (body.RootElement.ValueKind == JsonValueKind.Object &&
                body.RootElement.TryGetProperty("count", out var count) && count.TryGetInt32(out var value))
            {
                return (value, null);
            }
        }
        catch (JsonException)
        {
            // answered below
        }
        return (0, "the body must be JSON like {\"count\": 2}");
    }

    private static string Id(HttpContext context) => (string)context.Request.RouteValues["id"]!;

    private static async Task AnswerAsync(HttpContext context, DashboardQueue queue, IQueueCtlMessage message) =>
        await WriteAsync(context, await queue.AskAsync(message, context.RequestAborted));

    /// <summary>A reply in the CLI's JSON (source-generated, snake_case); a refusal with the status that fits it.</summary>
    public static Task WriteAsync(HttpContext context, object reply)
    {
        context.Response.StatusCode = reply is CommandRejected rejected ? StatusOf(rejected.Kind) : StatusCodes.Status200OK;
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(JsonSerializer.Serialize(reply, reply.GetType(), QueueCtlJsonContext.Default));
    }

    private static int StatusOf(RejectionKind kind) => kind switch
    {
        RejectionKind.InvalidInput or RejectionKind.ProtocolMismatch => StatusCodes.Status400BadRequest,
        RejectionKind.NotFound => StatusCodes.Status404NotFound,
        RejectionKind.Conflict or RejectionKind.WrongState => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status503ServiceUnavailable,
    };
}
