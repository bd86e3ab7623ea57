using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Akka.Actor;
using QueueCtl.Actors.Domain;
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
/// A busy queue stores thousands of events a second, and the page only re-reads what it shows when they come. So the
/// feed sends the first write after a quiet spell at once and gathers the rest for <see cref="FlushInterval"/>: up to
/// <see cref="MostDetailed"/> events go out one by one, more as one <c>changed</c> message that counts them by type.
/// Serving an open dashboard then costs the host a few small messages a second, however busy the queue.
/// </para>
/// <para>
/// The manager runs under a restart supervisor: when the one subscribed to stops (a storage fault), this actor
/// subscribes again once the new one answers, and says <c>subscribed</c> again, so the page reloads what it shows.
/// </para>
/// </summary>
internal sealed class LiveFeedActor : ReceiveActor, IWithTimers
{
    /// <summary>How long to wait before asking a restarting queue again.</summary>
    private static readonly TimeSpan ResubscribeDelay = TimeSpan.FromSeconds(1);

    /// <summary>The least time between two messages of events after the first.</summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);

    /// <summary>The most events one flush sends one by one; more are counted in one <c>changed</c> message.</summary>
    public const int MostDetailed = 20;

    private readonly IActorRef _queue;
    private readonly ChannelWriter<string> _messages;
    private readonly List<IQueueEvent> _gathered = [];

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
            _gathered.AddRange(stored.Events);
            if (!Timers.IsTimerActive(nameof(FlushDue)))
            {
                Flush();
            }
        });
        Receive<FlushDue>(_ =>
        {
            if (_gathered.Count > 0)
            {
                Flush();
            }
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

    /// <summary>Sends what was gathered, and gathers what comes next until the interval is over.</summary>
    private void Flush()
    {
        var text = new StringBuilder();
        if (_gathered.Count <= MostDetailed)
        {
            foreach (var queueEvent in _gathered)
            {
                var type = queueEvent.GetType();
                text.Append(Message(type.Name, JsonSerializer.Serialize(queueEvent, type, QueueCtlJsonContext.Default)));
            }
        }
        else
        {
            text.Append(Message("changed", Changed(_gathered)));
        }
        _gathered.Clear();
        Write(text.ToString());
        Timers.StartSingleTimer(nameof(FlushDue), FlushDue.Instance, FlushInterval);
    }

    /// <summary><c>{"events":N,"types":{"JobCompleted":n,...}}</c>: how many events of each type were stored.</summary>
    public static string Changed(IReadOnlyCollection<IQueueEvent> events)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("events", events.Count);
            json.WriteStartObject("types");
            foreach (var type in events.GroupBy(e => e.GetType().Name).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                json.WriteNumber(type.Key, type.Count());
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Never waits: a browser that stopped reading loses the oldest messages, and re-fetches on the next one.</summary>
    private void Write(string text) => _messages.TryWrite(text);

    private sealed record Resubscribe
    {
        public static readonly Resubscribe Instance = new();
    }

    private sealed record FlushDue
    {
        public static readonly FlushDue Instance = new();
    }
}
