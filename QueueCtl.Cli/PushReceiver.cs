using System.Threading.Channels;
using Akka.Actor;

namespace QueueCtl.Cli;

/// <summary>
/// The CLI's end of a stream the host pushes (<c>queuectl logs ID --follow</c>): a small actor whose reference travels as
/// the sender of the request, as an Ask's temporary actor does, and that hands each message it receives, with its sender,
/// to the command's loop through a channel. It is also told of dropped connections (<c>DisassociatedEvent</c>).
/// </summary>
internal sealed class PushReceiver : UntypedActor
{
    private readonly ChannelWriter<Pushed> _writer;

    private PushReceiver(ChannelWriter<Pushed> writer) => _writer = writer;

    protected override void OnReceive(object message) => _writer.TryWrite(new Pushed(message, Sender));

    /// <summary>Made by a producer rather than from an expression, so a NativeAOT CLI needs no reflection to start it.</summary>
    public static Props Props(ChannelWriter<Pushed> writer) => Akka.Actor.Props.CreateBy(new Producer(writer));

    private sealed class Producer(ChannelWriter<Pushed> writer) : IIndirectActorProducer
    {
        public Type ActorType => typeof(PushReceiver);

        public ActorBase Produce() => new PushReceiver(writer);

        public void Release(ActorBase actor)
        {
        }
    }
}

/// <summary>One message the host pushed, and who sent it (where an acknowledgement goes).</summary>
internal sealed record Pushed(object Message, IActorRef Sender);
