using System.Reflection;
using Akka.Actor;
using Akka.Configuration;
using Akka.Remote.Transport;
using Google.Protobuf;
using QueueCtl.Cli;

namespace QueueCtl.Tests.Cli;

/// <summary>
/// <see cref="OrderlyTcpTransport"/> leans on two things Akka.Remote keeps internal: its TCP transport, created by name
/// with the constructor Akka itself uses, and the bytes of a Disassociate message, which it writes itself. These tests
/// fail, naming what moved, as soon as an Akka.Remote upgrade changes either.
/// </summary>
public sealed class OrderlyTcpTransportTests : IDisposable
{
    private const string CodecTypeName = "Akka.Remote.Transport.AkkaPduProtobuffCodec, Akka.Remote";

    private readonly ActorSystem _system = ActorSystem.Create("orderly-transport-tests", "akka.loglevel = OFF");

    [Fact]
    public void WrappedTransport_IsAnAkkaTransport_WithTheConstructorAkkaCreatesItWith()
    {
        var type = Type.GetType(OrderlyTcpTransport.WrappedTypeName, throwOnError: false);

        Assert.True(type is not null, $"Akka.Remote no longer has {OrderlyTcpTransport.WrappedTypeName}: OrderlyTcpTransport must wrap its new TCP transport");
        Assert.True(typeof(Transport).IsAssignableFrom(type), $"{type} is no longer an Akka.Remote.Transport.Transport");
        Assert.True(type.GetConstructor([typeof(ActorSystem), typeof(Config)]) is not null,
            $"{type} no longer has a public constructor (ActorSystem, Config), which OrderlyTcpTransport calls");
    }

    [Fact]
    public void DisassociateShuttingDown_IsTheBytesAkkaWritesForAShutdownGoodbye()
    {
        var akkaBytes = ConstructDisassociate(DisassociateInfo.Shutdown);

        Assert.Equal(akkaBytes.ToByteArray(), OrderlyTcpTransport.Pdu.DisassociateShuttingDown.ToByteArray());
    }

    [Theory]
    [InlineData(DisassociateInfo.Unknown)]
    [InlineData(DisassociateInfo.Shutdown)]
    [InlineData(DisassociateInfo.Quarantined)]
    public void IsDisassociate_RecognisesEveryGoodbyeAkkaWrites(DisassociateInfo reason) =>
        Assert.True(OrderlyTcpTransport.Pdu.IsDisassociate(ConstructDisassociate(reason)), $"Akka's Disassociate({reason}) not recognised");

    [Fact]
    public void IsDisassociate_IgnoresAHeartbeat() =>
        Assert.False(OrderlyTcpTransport.Pdu.IsDisassociate(Codec().GetType().GetMethod("ConstructHeartbeat")!.Invoke(Codec(), null) as ByteString
            ?? throw new InvalidOperationException("ConstructHeartbeat returned no ByteString")));

    private ByteString ConstructDisassociate(DisassociateInfo reason)
    {
        var codec = Codec();
        var construct = codec.GetType().GetMethod("ConstructDisassociate", BindingFlags.Public | BindingFlags.Instance, [typeof(DisassociateInfo)]);
        Assert.True(construct is not null, $"{CodecTypeName} no longer has ConstructDisassociate(DisassociateInfo)");
        return (ByteString)construct.Invoke(codec, [reason])!;
    }

    private object Codec()
    {
        var type = Type.GetType(CodecTypeName, throwOnError: false);
        Assert.True(type is not null, $"Akka.Remote no longer has {CodecTypeName}, the codec whose bytes OrderlyTcpTransport.Pdu copies");
        return Activator.CreateInstance(type, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance, null, [_system], null)!;
    }

    public void Dispose() => _system.Dispose();
}
