using System.Text.Json;
using System.Threading.Channels;
using Akka.Actor;
using QueueCtl.Actors.Protocol;
using QueueCtl.Actors.Serialization;

namespace QueueCtl.Host.Dashboard;

/// <summary>
/// One browser following a job's output (<c>GET /api/jobs/ID/log/stream</c>): the same <see cref="FollowJobLog"/> as
/// <c>queuectl logs ID --follow</c>, with this actor as the follower. Each <see cref="JobLogChunk"/> becomes an
/// <c>output</c> event; it is acknowledged only once the request has written it to the browser (<see cref="Delivered"/>),
/// so a browser that reads slowly slows the host's reads instead of filling memory or losing output. It ends with an
/// <c>ended</c> event when the job is finished and all its output sent, or <c>refused</c> with the queue's reason.
/// </summary>
internal sealed class LogStreamActor : ReceiveActor
{
    public const int ChunkBytes = 64 * 1024;

    /// <summary>How an output message begins: the request acknowledges these (and only these) once written.</summary>
    public const string OutputEvent = "event: output\n";

    private readonly IActorRef _queue;
    private readonly string _jobId;
    private readonly ChannelWriter<string> _messages;
    private IActorRef? _follower;
    private long _nextOffset;

    public LogStreamActor(IActorRef queue, string jobId, ChannelWriter<string> messages)
    {
        _queue = queue;
        _jobId = jobId;
        _messages = messages;
        Receive<JobLogChunk>(chunk =>
        {
            _follower = Sender;
            _nextOffset = chunk.NextOffset;
            _messages.TryWrite(LiveFeedActor.Message("output", JsonSerializer.Serialize(chunk, QueueCtlJsonContext.Default.JobLogChunk)));
        });
        Receive<Delivered>(_ => _follower?.Tell(new JobLogChunkReceived(_nextOffset)));
        Receive<JobLogFollowEnded>(ended =>
        {
            _messages.TryWrite(LiveFeedActor.Message("ended", JsonSerializer.Serialize(ended, QueueCtlJsonContext.Default.JobLogFollowEnded)));
            Context.Stop(Self);
        });
        Receive<CommandRejected>(rejected =>
        {
            _messages.TryWrite(LiveFeedActor.Message("refused", JsonSerializer.Serialize(rejected, QueueCtlJsonContext.Default.CommandRejected)));
            Context.Stop(Self);
        });
    }

    public static Props Props(IActorRef queue, string jobId, ChannelWriter<string> messages) =>
        Akka.Actor.Props.Create(() => new LogStreamActor(queue, jobId, messages));

    protected override void PreStart() => _queue.Tell(new FollowJobLog(_jobId, 0, ChunkBytes));

    protected override void PostStop() => _messages.TryComplete();

    /// <summary>The request wrote the latest output to the browser: the follower may send the next chunk.</summary>
    public sealed record Delivered
    {
        public static readonly Delivered Instance = new();
    }
}
