using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Akka.Actor;
using QueueCtl.Actors.Manager;
using QueueCtl.Actors.Protocol;
using QueueCtl.Actors.Serialization;

namespace QueueCtl.Host.Dashboard;

/// <summary>
/// One browser's live feed (<c>GET /api/events</c>): subscribes to the queue manager's stored events and turns each
/// journal write into server-sent events on <paramref name="messages"/>, which the HTTP request writes out. One
/// subscription per open stream rather than a shared one: the manager already fans each write out to its watched
/// subscribers, so a closed tab ends its subscription by stopping this actor, with no bookkeeping of our own.
/// <para>
/// The manager runs under a restart supervisor: when the one subscribed to stops (a storage fault), this actor
/// subscribes again once the new one answers, and says <c>subscribed</c> again, so the page reloads what it shows.
/// </para>
/// </summary>
internal sealed class LiveFeedActor : ReceiveActor, IWithTimers
{
    /// <summary>How long to wait before asking a restarting queue again.</summary>
    private static readonly TimeSpan ResubscribeDelay = TimeSpan.FromSeconds(1);

    private readonly IActorRef _queue;
    private readonly ChannelWriter<string> _messages;

    public LiveFeedActor(IActorRef queue, ChannelWriter<string> messages)
    {
        _queue = queue;
        _messages = messages;
        Receive<SubscribedToEvents>(_ =>
        {
            Context.Watch(Sender);
            Send("subscribed", "{}");
        });
        Receive<EventsStored>(stored =>
        {
            var text = new StringBuilder();
            foreach (var queueEvent in stored.Events)
            {
                var type = queueEvent.GetType();
                text.Append(Message(type.Name, JsonSerializer.Serialize(queueEvent, type, QueueCtlJsonContext.Default)));
            }
            Write(text.ToString());
        });
        Receive<Terminated>(_ => Timers.StartSingleTimer(nameof(Resubscribe), Resubscribe.Instance, ResubscribeDelay));
        // The supervisor answers for a manager that is between restarts.
        Receive<CommandRejected>(_ => Timers.StartSingleTimer(nameof(Resubscribe), Resubscribe.Instance, ResubscribeDelay));
        Receive<Resubscribe>(_ => _queue.Tell(SubscribeToEvents.Instance));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef queue, ChannelWriter<string> messages) =>
        Akka.Actor.Props.Create(() => new LiveFeedActor(queue, messages));

    protected override void PreStart() => _queue.Tell(SubscribeToEvents.Instance);

    /// <summary>The stream ends with this actor (the request ended, or the actor system stops).</summary>
    protected override void PostStop() => _messages.TryComplete();

    /// <summary>One server-sent event: its type, then its JSON on one data line (JSON text holds no raw newline).</summary>
    public static string Message(string type, string json) => $"event: {type}\ndata: {json}\n\n";

    private void Send(string type, string json) => Write(Message(type, json));

    /// <summary>Never waits: a browser that stopped reading loses the oldest messages, and re-fetches on the next one.</summary>
    private void Write(string text) => _messages.TryWrite(text);

    private sealed record Resubscribe
    {
        public static readonly Resubscribe Instance = new();
    }
}
