using Akka.Actor;
using Akka.Configuration;
using Akka.Remote.Transport;
using Google.Protobuf;

namespace QueueCtl.Cli;

/// <summary>
/// The client's TCP transport: Akka.Remote's own (DotNetty) TCP transport, except that a connection closed while
/// the client actor system terminates always says goodbye to the host first.
/// <para>
/// On termination Akka.Remote stops the endpoint writer, whose protocol actor is then asked to send the host a
/// Disassociate(shutting down) message and close the connection; but right after the writer has stopped, the
/// transport's shutdown stops that protocol actor, which then closes the connection without the goodbye if the
/// stop reached it first. The host then sees the connection drop, logs a WARNING and an ERROR with a stack trace
/// for that CLI call, and gates the CLI's address for 5 s. A slow (JIT) client nearly always sends the goodbye in
/// time; a NativeAOT client lost that race in about half of its calls.
/// </para>
/// <para>
/// So each connection remembers whether a Disassociate was written to it or came from the host, and when it is
/// closed during termination without either, writes the same 4-byte Disassociate(shutting down) message Akka
/// would have written before closing. Bound in <see cref="ClientHocon"/> as
/// <c>akka.remote.dot-netty.tcp.transport-class</c>; the section's settings reach the wrapped transport unchanged.
/// </para>
/// </summary>
internal sealed class OrderlyTcpTransport : Transport
{
    /// <summary>Akka.Remote's TCP transport (internal to Akka.Remote, so created by name, as Akka itself does).</summary>
    public const string WrappedTypeName = "Akka.Remote.Transport.DotNetty.TcpTransport, Akka.Remote";

    private readonly Transport _wrapped;

    public OrderlyTcpTransport(ActorSystem system, Config config)
    {
        System = system;
        Config = config;
        var type = Type.GetType(WrappedTypeName, throwOnError: true)!;
        _wrapped = (Transport)Activator.CreateInstance(type, system, config)!;
    }

    public override string SchemeIdentifier => _wrapped.SchemeIdentifier;

    public override long MaximumPayloadBytes => _wrapped.MaximumPayloadBytes;

    public override bool IsResponsibleFor(Address remote) => _wrapped.IsResponsibleFor(remote);

    public override Task<bool> ManagementCommand(object message) => _wrapped.ManagementCommand(message);

    public override Task<bool> Shutdown() => _wrapped.Shutdown();

    public override async Task<(Address, TaskCompletionSource<IAssociationEventListener>)> Listen()
    {
        var (address, wrappedListener) = await _wrapped.Listen();
        var listener = new TaskCompletionSource<IAssociationEventListener>(TaskCreationOptions.RunContinuationsAsynchronously);
        Forward(listener, wrappedListener, upper => new InboundListener(this, upper));
        return (address, listener);
    }

    public override async Task<AssociationHandle> Associate(Address remoteAddress) =>
        new OrderlyHandle(this, await _wrapped.Associate(remoteAddress));

    private bool Terminating => CoordinatedShutdown.Get(System).ShutdownReason is not null;

    /// <summary>Once the upper layer registers its listener in <paramref name="upper"/>, registers its wrapper below.</summary>
    private static void Forward<T>(TaskCompletionSource<T> upper, TaskCompletionSource<T> wrapped, Func<T, T> wrap) =>
        _ = upper.Task.ContinueWith(
            task => wrapped.TrySetResult(wrap(task.Result)),
            CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

    private sealed class InboundListener(OrderlyTcpTransport transport, IAssociationEventListener upper) : IAssociationEventListener
    {
        public void Notify(IAssociationEvent ev) =>
            upper.Notify(ev is InboundAssociation inbound ? new InboundAssociation(new OrderlyHandle(transport, inbound.Association)) : ev);
    }

    /// <summary>
    /// Akka's classic remoting frames (WireFormats.proto): <c>AkkaProtocolMessage { instruction (2) =
    /// AkkaControlMessage { commandType (1) } }</c>, with DISASSOCIATE = 2, DISASSOCIATE_SHUTTING_DOWN = 4 and
    /// DISASSOCIATE_QUARANTINED = 5. This wire format is shared by every Akka.NET (and Akka) classic remoting version.
    /// </summary>
    internal static class Pdu
    {
        private const byte Instruction = (2 << 3) | 2;   // field 2, length-delimited
        private const byte CommandType = (1 << 3) | 0;   // field 1, varint

        public static readonly ByteString DisassociateShuttingDown =
            ByteString.CopyFrom(Instruction, 2, CommandType, 4);

        public static bool IsDisassociate(ByteString payload) =>
            payload.Length == 4 && payload[0] == Instruction && payload[1] == 2 && payload[2] == CommandType
            && payload[3] is 2 or 4 or 5;
    }

    /// <summary>Passes everything through, noting whether either side said goodbye.</summary>
    private sealed class OrderlyHandle : AssociationHandle
    {
        private readonly OrderlyTcpTransport _transport;
        private readonly AssociationHandle _wrapped;
        private volatile bool _goodbyeSaid;

        public OrderlyHandle(OrderlyTcpTransport transport, AssociationHandle wrapped) : base(wrapped.LocalAddress, wrapped.RemoteAddress)
        {
            _transport = transport;
            _wrapped = wrapped;
            Forward(ReadHandlerSource, wrapped.ReadHandlerSource, upper => new ReadListener(this, upper));
        }

        public override bool Write(ByteString payload)
        {
            if (Pdu.IsDisassociate(payload))
            {
                _goodbyeSaid = true;
            }
            return _wrapped.Write(payload);
        }

        /// <summary>
        /// Akka calls the base class's Disassociate(reason, log), which logs the reason and then calls this
        /// (obsolete only as a thing to call directly).
        /// </summary>
        [Obsolete("Akka's AssociationHandle.Disassociate() is obsolete for callers; call Disassociate(reason, log).")]
        public override void Disassociate()
        {
            if (!_goodbyeSaid && _transport.Terminating)
            {
                _goodbyeSaid = true;
                _wrapped.Write(Pdu.DisassociateShuttingDown);
            }
            _wrapped.Disassociate();
        }

        private sealed class ReadListener(OrderlyHandle handle, IHandleEventListener upper) : IHandleEventListener
        {
            public void Notify(IHandleEvent ev)
            {
                if (ev is Disassociated || ev is InboundPayload { Payload: var payload } && Pdu.IsDisassociate(payload))
                {
                    handle._goodbyeSaid = true;
                }
                upper.Notify(ev);
            }
        }
    }
}
