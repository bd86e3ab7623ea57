using System.Security.Cryptography.X509Certificates;
using Akka.Configuration;
using Akka.Event;
using Akka.Remote.Transport.DotNetty;
using QueueCtl.Actors.Hosting;

namespace QueueCtl.Actors.Security;

/// <summary>
/// Akka.Remote as the host and the CLI use it: TLS on every connection, loopback included, where each side presents the
/// queue's certificate (<see cref="QueueCertificate"/>) and accepts only a peer that presents the very same one; and
/// untrusted mode, so that even a peer holding the certificate cannot deploy actors, send system-level messages such as
/// <c>PoisonPill</c>, or select any actor but the entry points the CLI uses.
/// </summary>
public static class MutualTls
{
    /// <summary>The only paths a remote peer may reach by actor selection.</summary>
    public static readonly IReadOnlyList<string> TrustedSelectionPaths =
        [$"/user/{QueueCtlNames.ManagerActorName}", $"/user/{QueueCtlNames.HostControlActorName}"];

    /// <summary>The transport's TLS: our certificate, a client certificate required, the peer pinned to ours.</summary>
    public static DotNettySslSetup Setup(X509Certificate2 certificate) => new(
        certificate,
        suppressValidation: false,
        requireMutualAuthentication: true,
        validateCertificateHostname: false,
        customValidator: SameCertificate(certificate));

    /// <summary>
    /// Accepts exactly the queue's own certificate. It is self-signed, so the chain errors the platform reports are
    /// expected; the TLS handshake itself proves that the peer holds the key.
    /// </summary>
    public static CertificateValidationCallback SameCertificate(X509Certificate2 own) => (peer, _, remote, _, log) =>
    {
        if (peer is not null && peer.RawDataMemory.Span.SequenceEqual(own.RawDataMemory.Span))
        {
            return true;
        }
        log?.Warning("Refused a TLS connection from {0}: it did not present this queue's certificate", remote);
        return false;
    };

    /// <summary>
    /// The remoting settings that go with <see cref="Setup"/>. Write batching is off: behind DotNetty's TLS handler a
    /// message can be read outside a read loop, and Akka's batch writer then holds every later flush until the next
    /// bytes arrive, so about one CLI call in 50 waited for the peer's next heartbeat (4 s). The CLI and the host
    /// exchange a few messages per call, where batching saves nothing.
    /// Untrusted mode also drops the remote watcher's heartbeats (they travel by actor selection), so a remote watch cannot
    /// work and neither side makes one (a dropped connection says a peer is gone, see <c>QueueClient.AskAsync</c>): the
    /// remote watcher has nothing to check, and its two ticks a second were most of what woke an idle host. They come
    /// once a minute instead.
    /// </summary>
    public static Config Config() => ConfigurationFactory.ParseString($$"""
        akka.remote {
          dot-netty.tcp.enable-ssl = on
          dot-netty.tcp.batching.enabled = off
          untrusted-mode = on
          watch-failure-detector {
            heartbeat-interval = 60s
            unreachable-nodes-reaper-interval = 60s
            acceptable-heartbeat-pause = 300s
          }
          trusted-selection-paths = [{{string.Join(", ", TrustedSelectionPaths.Select(HoconString.Quote))}}]
        }
        """);
}
