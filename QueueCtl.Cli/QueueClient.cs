using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Threading.Channels;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Remote;
using QueueCtl.Actors.Hosting;
using QueueCtl.Actors.Protocol;
using QueueCtl.Actors.Security;

namespace QueueCtl.Cli;

/// <summary>
/// The only place that talks to the host. Every call loads the queue certificate from the data directory, starts a
/// short-lived client actor system that connects with it (mutual TLS), checks the protocol version, runs the command's
/// requests and always terminates the system (skipping that logs warnings on the host for every call). A connection
/// that fails (nothing listens, or the host refuses the certificate) is reported at once with its cause, not after a
/// timeout. There is no plain TCP probe first: the host logs every connection that is not TLS as a stranger's.
/// </summary>
internal sealed class QueueClient
{
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan DefaultHandshakeTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan DefaultAskTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long a failed selection waits for the connection failure that explains it.</summary>
    private static readonly TimeSpan ReconnectTimeout = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan AssociationCauseWait = TimeSpan.FromSeconds(1);

    /// <summary>DotNetty's machine id setting (8 hex digits), read from the environment.</summary>
    private const string NettyMachineIdVariable = "io.netty.machineId";

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
    /// Connects, checks the protocol, then runs <paramref name="body"/>. A missing host exits 3 with
    /// the address tried; a host of another protocol version exits 1; a host that does not answer, or that refuses
    /// this CLI's certificate, exits 3. The certificate comes from <paramref name="home"/>, else <c>QUEUECTL_HOME</c>.
    /// </summary>
    public static async Task<CliOutcome> RunAsync(
        HostAddress address,
        Func<QueueClient, CancellationToken, Task<CliOutcome>> body,
        CancellationToken cancellation,
        TimeSpan? handshakeTimeout = null,
        string? home = null)
    {
        var (certificate, certificateProblem) = QueueCertificate.TryLoad(home ?? QueueCtlNames.DefaultHome());
        if (certificate is null)
        {
            // With no certificate there is nothing to connect with; a free local port still means "no host here".
            return address.IsLoopback && PortCheck.Problem(address) is null ? Unreachable(address) : NoCertificate(address, certificateProblem!);
        }

        // DotNetty's leak detector records a stack trace for one buffer in 128: a debugging aid, not for every call.
        DotNetty.Common.ResourceLeakDetector.Level = DotNetty.Common.ResourceLeakDetector.DetectionLevel.Disabled;
        // DotNetty names each connection after this machine's best MAC address, found by listing every network
        // interface (a tenth of a call's start-up); a random id serves the one connection of a CLI call as well.
        if (Environment.GetEnvironmentVariable(NettyMachineIdVariable) is null)
        {
            Environment.SetEnvironmentVariable(NettyMachineIdVariable, Convert.ToHexString(RandomNumberGenerator.GetBytes(4)));
        }
        var setup = BootstrapSetup.Create().WithConfig(ClientHocon.For(LocalAddressFor(address))).And(MutualTls.Setup(certificate));
        var system = ActorSystem.Create("queuectl-cli", setup);
        var timeout = handshakeTimeout ?? DefaultHandshakeTimeout;
        var connected = false;
        try
        {
            using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            var failed = AssociationFailures.FirstAsync(system, address, stopWatching.Token);
            var resolved = system.ActorSelection(address.ManagerPath).ResolveOne(timeout, cancellation);
            var first = await Task.WhenAny(resolved, failed);
            if (!resolved.IsCompletedSuccessfully)
            {
                // A failed connection makes the selection fail at once; its cause reaches the event stream about then.
                if (first != failed)
                {
                    await Task.WhenAny(failed, Task.Delay(AssociationCauseWait, cancellation));
                }
                if (failed.IsCompletedSuccessfully)
                {
                    return ConnectionFailed(address, failed.Result);
                }
            }
            await stopWatching.CancelAsync();
            var manager = await resolved;
            var reply = await manager.Ask<object>(
                new CheckProtocol(ProtocolVersion.Current, QueueCtlConfig.Version), timeout, cancellation);
            connected = reply is ProtocolAccepted;
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
            return NoAnswer(address, connected ? null : timeout, home);
        }
        finally
        {
            await system.Terminate();
        }
    }

    /// <summary>
    /// A request to the queue manager. A null timeout waits as long as the host lives (<c>queuectl wait</c>). A dropped
    /// connection ends the wait at once, not at the timeout: a timed request fails (whether it took effect is for
    /// <c>list</c> or <c>show</c> to say), and an untimed one is asked again if the host answers over a new connection
    /// (a host that was restarted knows nothing of the first request; a wait is safe to ask again), else it fails.
    /// </summary>
    /// <remarks>
    /// No DeathWatch on the manager: the host runs in untrusted mode, which drops a remote Watch and the remote watcher's
    /// heartbeats, so a watch would report a healthy host unreachable after the watch failure detector's pause.
    /// </remarks>
    public async Task<object> AskAsync(IQueueCtlMessage message, TimeSpan? timeout, CancellationToken cancellation)
    {
        while (true)
        {
            using var drops = Inbox.Create(_system);
            _system.EventStream.Subscribe(drops.Receiver, typeof(DisassociatedEvent));
            using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            var reply = _manager.Ask<object>(message, timeout ?? Timeout.InfiniteTimeSpan, cancellation);
            var first = await Task.WhenAny(reply, ConnectionDroppedAsync(drops, stopWatching.Token));
            await stopWatching.CancelAsync();
            _system.EventStream.Unsubscribe(drops.Receiver);
            if (first == reply)
            {
                return await reply;
            }
            cancellation.ThrowIfCancellationRequested();
            if (timeout is not null || !await AnswersAsync(cancellation))
            {
                throw new HostGoneException(Address);
            }
        }
    }

    /// <summary>
    /// A request whose answer the host pushes as a stream of messages (<c>queuectl logs ID --follow</c>): each goes to
    /// <paramref name="onMessage"/> with its sender, until it returns false. A dropped connection throws
    /// <see cref="HostGoneException"/>: a stream is not asked for again, the command says the host went away.
    /// </summary>
    public async Task FollowAsync(IQueueCtlMessage request, Func<Pushed, CancellationToken, Task<bool>> onMessage, CancellationToken cancellation)
    {
        var pushed = Channel.CreateUnbounded<Pushed>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var receiver = _system.ActorOf(PushReceiver.Props(pushed.Writer));
        _system.EventStream.Subscribe(receiver, typeof(DisassociatedEvent));
        try
        {
            _manager.Tell(request, receiver);
            while (true)
            {
                var next = await pushed.Reader.ReadAsync(cancellation);
                if (next.Message is DisassociatedEvent)
                {
                    throw new HostGoneException(Address);
                }
                if (!await onMessage(next, cancellation))
                {
                    return;
                }
            }
        }
        finally
        {
            _system.EventStream.Unsubscribe(receiver);
            _system.Stop(receiver);
        }
    }

    /// <summary>Completes when the connection to the host drops (a graceful stop closes it, so does a kill -9), or on <paramref name="stop"/>.</summary>
    private static async Task ConnectionDroppedAsync(Inbox drops, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (await drops.ReceiveAsync(TimeSpan.FromMinutes(1)).WaitAsync(stop) is DisassociatedEvent)
                {
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (TimeoutException)
            {
                // nothing dropped this minute; go on waiting
            }
        }
    }

    /// <summary>Whether the host's manager can be found again, over a new connection if the old one dropped.</summary>
    private async Task<bool> AnswersAsync(CancellationToken stop)
    {
        try
        {
            await _system.ActorSelection(Address.ManagerPath).ResolveOne(ReconnectTimeout, stop);
            return true;
        }
        catch (Exception e) when (e is ActorNotFoundException or AskTimeoutException or TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary><c>queuectl host stop</c>: the host-control actor, not the queue manager.</summary>
    public async Task<object> AskHostControlAsync(IQueueCtlMessage message, TimeSpan timeout, CancellationToken cancellation) =>
        await _system.ActorSelection(Address.HostControlPath).Ask<object>(message, timeout, cancellation);

    /// <summary>
    /// A plain TCP connect to the host's port, bounded by <paramref name="timeout"/>: only to learn whether a host on
    /// another machine still listens (<c>host stop</c>), since the host logs a connection that is not TLS as a
    /// stranger's. Returns the local address the connection used, or null when nothing listens there.
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

    /// <summary>
    /// The local address the client's remoting binds: the one the host can answer to. A loopback host is answered on
    /// loopback; otherwise the kernel's route to the host says which interface (a UDP connect sends nothing).
    /// </summary>
    public static IPAddress LocalAddressFor(HostAddress address)
    {
        if (IPAddress.TryParse(address.Hostname, out var ip) && IPAddress.IsLoopback(ip))
        {
            return ip;
        }
        try
        {
            using var socket = new Socket(SocketType.Dgram, ProtocolType.Udp);
            socket.Connect(address.Hostname, address.Port);
            return socket.LocalEndPoint is IPEndPoint local
                ? local.Address.IsIPv4MappedToIPv6 ? local.Address.MapToIPv4() : local.Address
                : IPAddress.Loopback;
        }
        catch (SocketException)
        {
            return IPAddress.Loopback;
        }
    }

    public static CliOutcome Unreachable(HostAddress address) => CliOutcome.Error(
        ExitCodes.Unreachable,
        $"no queuectl host is listening on {address}",
        $"start one with `queuectl host start{HostOption(address)}`, or point --host / {QueueCtlNames.HostEnvironmentVariable} at a running host");

    /// <summary>
    /// Something accepts connections at the address but no queuectl host answered within <paramref name="waited"/>
    /// (the handshake timeout, 10 s by default; null: the host answered the version check, then not the request within
    /// its own timeout): a host that is stopped (kill -STOP, a debugger), hung or overloaded, or another program on its port.
    /// </summary>
    public static CliOutcome NoAnswer(HostAddress address, TimeSpan? waited, string? home = null)
    {
        var pid = HostPid(home ?? QueueCtlNames.DefaultHome());
        var which = pid is null ? "the host's process" : $"the host's process (pid {pid}, from its host.pid)";
        return CliOutcome.Error(
            ExitCodes.Unreachable,
            waited is { } handshake
                ? $"the host at {address} does not answer: something accepts connections there but no queuectl host answered within {handshake.TotalSeconds:0} s"
                : $"the host at {address} stopped answering during the command: no queuectl host answered it in time",
            $"if {which} is stopped or hung, resume it (`kill -CONT PID`) or restart it (`kill -9 PID`, then `queuectl host start{HostOption(address)}`; " +
            "the journal recovers every job); a host that is just starting answers within seconds, so try again; " +
            "the address must match the host's --host exactly (127.0.0.1 is not localhost)");
    }

    /// <summary>The pid a local host wrote into its data directory, if there is one to read.</summary>
    private static string? HostPid(string home)
    {
        try
        {
            var text = File.ReadAllText(Path.Combine(home, "host.pid")).Trim();
            return int.TryParse(text, out _) ? text : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Nothing listens (connection refused), or the TLS handshake failed: the two sides do not share a certificate.</summary>
    private static CliOutcome ConnectionFailed(HostAddress address, Exception cause) => IsTlsFailure(cause)
        ? CliOutcome.Error(ExitCodes.Unreachable,
            $"the host at {address} and this CLI do not hold the same queue certificate, so the connection was refused",
            $"use the host's own: run as the owner of its data directory with {QueueCtlNames.HomeEnvironmentVariable} pointing at it " +
            "(see README, \"Who may connect\")")
        : Unreachable(address);

    private static bool IsTlsFailure(Exception? cause)
    {
        for (; cause is not null; cause = cause.InnerException)
        {
            if (cause is System.Security.Authentication.AuthenticationException
                || cause.Message.Contains("TLS handshake", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    private static CliOutcome NoCertificate(HostAddress address, string problem) => CliOutcome.Error(
        ExitCodes.Unreachable,
        $"cannot connect to the host at {address}: {problem}",
        $"only the owner of the host's data directory may use its queue: run as that user with {QueueCtlNames.HomeEnvironmentVariable} " +
        "pointing at it, or copy its tls/ directory into your own (see README, \"Who may connect\")");

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
