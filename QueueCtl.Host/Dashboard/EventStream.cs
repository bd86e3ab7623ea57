using System.Threading.Channels;
using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace QueueCtl.Host.Dashboard;

/// <summary>
/// <c>GET /api/events</c>: server-sent events, one per stored event (<c>event: JobCompleted</c>, its snake_case JSON as
/// data), or one <c>changed</c> message for many (see <see cref="LiveFeedActor"/>), fed by an <see cref="LiveFeedActor"/> for as long as the browser keeps the request open. Nothing polls:
/// an idle queue sends nothing, so an idle host with an open dashboard only holds the connection.
/// </summary>
internal static class EventStream
{
    /// <summary>Messages a slow browser may fall behind by before the oldest are dropped.</summary>
    private const int Backlog = 1024;

    public static void Map(WebApplication web, ActorSystem system, IActorRef queue)
    {
        var stopping = web.Lifetime.ApplicationStopping;
        web.MapGet("/api/events", context => StreamAsync(context, stopping, system,
            messages => LiveFeedActor.Props(queue, messages), delivered: null));
        // A job's output as it is written (LogStreamActor); each chunk written is acknowledged, so the next one comes.
        web.MapGet("/api/jobs/{id}/log/stream", context => StreamAsync(context, stopping, system,
            messages => LogStreamActor.Props(queue, (string)context.Request.RouteValues["id"]!, messages),
            delivered: LogStreamActor.OutputEvent));
    }

    /// <summary>
    /// Writes what the actor made of <paramref name="props"/> puts on its channel as server-sent events, until the browser
    /// goes away, the host stops, or the actor stops (which completes the channel); then stops the actor. Each message
    /// that starts with <paramref name="delivered"/> is acknowledged to the actor once written.
    /// </summary>
    private static async Task StreamAsync(
        HttpContext context, CancellationToken stopping, ActorSystem system, Func<ChannelWriter<string>, Props> props, string? delivered)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers["X-Accel-Buffering"] = "no";
        var messages = Channel.CreateBounded<string>(new BoundedChannelOptions(Backlog)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
            SingleWriter = true,
        });
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var feed = system.ActorOf(props(messages.Writer));
        try
        {
            // EventSource reconnects by itself after a dropped connection; 2 s keeps a host restart short for the page.
            await response.WriteAsync("retry: 2000\n\n", ended.Token);
            await response.Body.FlushAsync(ended.Token);
            await foreach (var message in messages.Reader.ReadAllAsync(ended.Token))
            {
                await response.WriteAsync(message, ended.Token);
                await response.Body.FlushAsync(ended.Token);
                if (delivered is not null && message.StartsWith(delivered, StringComparison.Ordinal))
                {
                    feed.Tell(LogStreamActor.Delivered.Instance);
                }
            }
        }
        catch (OperationCanceledException) when (ended.IsCancellationRequested)
        {
            // the browser went away, or the host is stopping
        }
        finally
        {
            system.Stop(feed);
        }
    }
}
