using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Remote;
using QueueCtl.Actors.Hosting;
using QueueCtl.Actors.Protocol;

namespace QueueCtl.Cli;

/// <summary>
/// The only place that talks to the host. Every call first probes the TCP port (so a missing host is reported
/// in about a second instead of after an Ask timeout), then starts a short-lived client actor system,
/// checks the protocol version, runs the command's requests and always terminates the system
/// (skipping that logs warnings on the host for every call).
/// </summary>
internal sealed class QueueClient
{
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan DefaultHandshakeTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan DefaultAskTimeout = TimeSpan.FromSeconds(30);

    private readonly ActorSystem _system;
    private readonly IActorRef _manager;

    private QueueClient(ActorSystem system, IActorRef manager, HostAddress address, ProtocolAccepted protocol)
    {
        _system = system;
        _manager = manager;
        Address = address;
        Protocol = protocol;
    }

    public HostAddress Address { get; }

    /// <summary>What the host said to <see cref="CheckProtocol"/>, including its version.</summary>
    public ProtocolAccepted Protocol { get; }

    /// <summary>
    /// Probes, connects, checks the protocol, then runs <paramref name="body"/>. A missing host exits 3 with
    /// the address tried; a host of another protocol version exits 1; a host that does not answer exits 3.
    /// </summary>
    public static async Task<CliOutcome> RunAsync(
        HostAddress address,
        Func<QueueClient, CancellationToken, Task<CliOutcome>> body,
        CancellationToken cancellation,
        TimeSpan? handshakeTimeout = null)
    {
        var probe = await ProbeAsync(address, ProbeTimeout, cancellation);
        if (probe is null)
        {
            return Unreachable(address);
        }

        // DotNetty's leak detector records a stack trace for one buffer in 128: a debugging aid, not for every call.
        DotNetty.Common.ResourceLeakDetector.Level = DotNetty.Common.ResourceLeakDetector.DetectionLevel.Disabled;
        var system = ActorSystem.Create("queuectl-cli", ClientHocon.For(probe));
        try
        {
            var timeout = handshakeTimeout ?? DefaultHandshakeTimeout;
            var manager = await system.ActorSelection(address.ManagerPath).ResolveOne(timeout, cancellation);
            var reply = await manager.Ask<object>(
                new CheckProtocol(ProtocolVersion.Current, QueueCtlConfig.Version), timeout, cancellation);
            return reply switch
            {
                ProtocolAccepted accepted => await body(new QueueClient(system, manager, address, accepted), cancellation),
                CommandRejected rejected => ProtocolRefused(address, rejected),
                _ => CliOutcome.Error(ExitCodes.Refused, $"the host at {address} answered the version check with {reply.GetType().Name}",
                    "make sure the address belongs to a queuectl host of the same version"),
            };
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return new CliOutcome(ExitCodes.Interrupted, Stderr: "queuectl: interrupted");
        }
        catch (HostGoneException)
        {
            return CliOutcome.Error(ExitCodes.Unreachable, $"the host at {address} stopped before it answered",
                "start it again with `queuectl host start` and repeat the command");
        }
        catch (Exception e) when (e is AskTimeoutException or ActorNotFoundException or TaskCanceledException)
        {
            return NoAnswer(address);
        }
        finally
        {
            await system.Terminate();
        }
    }

    /// <summary>A request to the queue manager. A null timeout waits as long as the host lives (<c>queuectl wait</c>).</summary>
    public async Task<object> AskAsync(IQueueCtlMessage message, TimeSpan? timeout, CancellationToken cancellation)
    {
        if (timeout is not null)
        {
            return await _manager.Ask<object>(message, timeout, cancellation);
        }

        // No timeout: the reply may take hours, so stop waiting if the host goes away instead of hanging forever.
        using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var reply = _manager.Ask<object>(message, Timeout.InfiniteTimeSpan, cancellation);
        var hostGone = WatchHostAsync(stopWatching.Token);
        var first = await Task.WhenAny(reply, hostGone);
        await stopWatching.CancelAsync();
        if (first == reply)
        {
            return await reply;
        }
        cancellation.ThrowIfCancellationRequested();
        throw new HostGoneException(Address);
    }

    /// <summary>
    /// Completes when the host is gone: its manager terminated (graceful stop), or the connection dropped and the
    /// port no longer accepts connections (kill -9 of the host; faster than the remote failure detector).
    /// </summary>
    private async Task WatchHostAsync(CancellationToken stop)
    {
        var inbox = Inbox.Create(_system);
        inbox.Watch(_manager);
        _system.EventStream.Subscribe(inbox.Receiver, typeof(DisassociatedEvent));
        while (!stop.IsCancellationRequested)
        {
            object message;
            try
            {
                message = await inbox.ReceiveAsync(TimeSpan.FromMinutes(1)).WaitAsync(stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (TimeoutException)
            {
                continue;
            }
            switch (message)
            {
                case Terminated:
                    return;
                case DisassociatedEvent when await ProbeAsync(Address, ProbeTimeout, stop) is null:
                    return;
            }
        }
    }

    /// <summary><c>queuectl host stop</c>: the host-control actor, not the queue manager.</summary>
    public async Task<object> AskHostControlAsync(IQueueCtlMessage message, TimeSpan timeout, CancellationToken cancellation) =>
        await _system.ActorSelection(Address.HostControlPath).Ask<object>(message, timeout, cancellation);

    /// <summary>
    /// A plain TCP connect to the host's port, bounded by <paramref name="timeout"/>. Returns the local address
    /// the connection used (the client binds its own remoting to it so the host can answer), or null when
    /// nothing listens there.
    /// </summary>
    public static async Task<IPAddress?> ProbeAsync(HostAddress address, TimeSpan timeout, CancellationToken cancellation)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        bounded.CancelAfter(timeout);
        try
        {
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(address.Hostname, address.Port, bounded.Token);
            return socket.LocalEndPoint is IPEndPoint local
                ? local.Address.IsIPv4MappedToIPv6 ? local.Address.MapToIPv4() : local.Address
                : IPAddress.Loopback;
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return null;
        }
        catch (SocketException)
        {
            return null;
        }
    }

    public static CliOutcome Unreachable(HostAddress address) => CliOutcome.Error(
        ExitCodes.Unreachable,
        $"no queuectl host is listening on {address}",
        $"start one with `queuectl host start{HostOption(address)}`, or point --host / {QueueCtlNames.HostEnvironmentVariable} at a running host");

    public static CliOutcome NoAnswer(HostAddress address) => CliOutcome.Error(
        ExitCodes.Unreachable,
        $"something listens on {address} but no queuectl host answered",
        "the host may still be starting (try again), or the address differs from the host's --host (it must match exactly, 127.0.0.1 is not localhost)");

    private static CliOutcome ProtocolRefused(HostAddress address, CommandRejected rejected) => CliOutcome.Error(
        ExitCodes.Refused,
        $"the host at {address} refused this CLI (version {QueueCtlConfig.Version}, protocol {ProtocolVersion.Current}): {rejected.Reason}",
        "use a queuectl CLI and host of the same version");

    private static string HostOption(HostAddress address) =>
        address == HostAddress.Default ? "" : $" --host {address}";
}

/// <summary>The host stopped (or vanished) while a request without timeout was waiting for its reply.</summary>
internal sealed class HostGoneException(HostAddress address) : Exception($"the host at {address} went away")
{
    public HostAddress Address { get; } = address;
}
