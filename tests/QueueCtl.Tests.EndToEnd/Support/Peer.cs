using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using QueueCtl.Actors.Hosting;
using QueueCtl.Actors.Security;

namespace QueueCtl.Tests.EndToEnd.Support;

/// <summary>
/// An actor system in the test process that connects to a real host over the same mutual TLS as the CLI, with the
/// certificate of a data directory: the host's own (a peer that may connect), or another queue's (a stranger).
/// Untrusted mode is off here, so that it is the host's own settings that refuse what this peer tries. The rest of the
/// remoting settings are the CLI's and the host's (<see cref="MutualTls.Config"/>): with Akka's write batching on, two
/// peers' messages could wait 4 s for the next heartbeat, beyond the 5 s the deploy check allows for two of them.
/// </summary>
internal sealed class Peer : IAsyncDisposable
{
    private Peer(ActorSystem system) => System = system;

    public ActorSystem System { get; }

    public static Peer Start(string certificateHome, bool untrustedMode = false)
    {
        var certificate = QueueCertificate.LoadOrCreate(certificateHome, DateTimeOffset.UtcNow);
        var config = ConfigurationFactory.ParseString($$"""
            akka {
              loglevel = OFF
              stdout-loglevel = OFF
              actor.provider = remote
              remote.untrusted-mode = {{(untrustedMode ? "on" : "off")}}
              remote.dot-netty.tcp {
                enable-ssl = on
                hostname = 127.0.0.1
                port = 0
                maximum-frame-size = {{QueueCtlNames.MaximumFrameSize}}
              }
            }
            """).WithFallback(MutualTls.Config()).WithFallback(QueueCtlConfig.Default);
        var setup = BootstrapSetup.Create().WithConfig(config).And(MutualTls.Setup(certificate));
        return new Peer(ActorSystem.Create("peer", setup));
    }

    /// <summary>The actor at <paramref name="path"/>, or null if none answers an Identify within <paramref name="timeout"/>.</summary>
    public async Task<IActorRef?> IdentifyAsync(string path, TimeSpan timeout)
    {
        try
        {
            var identity = await System.ActorSelection(path).Ask<ActorIdentity>(new Identify(path), timeout);
            return identity.Subject;
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync() => await System.Terminate();
}
