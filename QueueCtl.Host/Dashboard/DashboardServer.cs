using System.Net;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using QueueCtl.Actors.Hosting;

namespace QueueCtl.Host.Dashboard;

/// <summary>
/// The web dashboard's Kestrel app, started the first time <c>queuectl dashboard</c> asks for it (a host nobody looks at
/// serves nothing) and stopped with the host. It listens on <c>queuectl.host.dashboard-listen</c> (loopback and a free
/// port by default), and every request but a token's first must carry a session cookie (<see cref="DashboardGate"/>).
/// <para>
/// A page left open carries on across a host restart: the sessions are kept in the data directory
/// (<see cref="DashboardAccess"/>), the port the system picked is remembered (<c>dashboard.port</c>) and taken again if
/// it is free, and a host that starts with sessions not yet ended serves the dashboard at once.
/// </para>
/// </summary>
internal sealed class DashboardServer(
    HostAddress listen, string dataDirectory, IServiceProvider services, ILogger<DashboardServer> log) : IHostedService, IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly string _portFile = Path.Combine(dataDirectory, "dashboard.port");
    private Task<string>? _started;
    private WebApplication? _web;

    public DashboardAccess Access { get; } = new(TimeProvider.System, Path.Combine(dataDirectory, "dashboard.sessions"));

    /// <summary>Serves the dashboard when it is first opened; the host stops it (see <see cref="StopAsync"/>).</summary>
    public static void AddTo(IServiceCollection services, HostAddress listen, string dataDirectory)
    {
        services.AddSingleton(provider => new DashboardServer(listen, dataDirectory, provider, provider.GetRequiredService<ILogger<DashboardServer>>()));
        services.AddHostedService(provider => provider.GetRequiredService<DashboardServer>());
    }

    /// <summary>
    /// The dashboard's base URL (<c>http://127.0.0.1:PORT</c>), starting it on the first call; every caller gets the same
    /// start. A start that failed is tried again by the next caller.
    /// </summary>
    public Task<string> EnsureStartedAsync()
    {
        lock (_gate)
        {
            if (_started is null || _started.IsFaulted || _started.IsCanceled)
            {
                // On the thread pool: building the app is work the host-control actor must not do on its own thread.
                _started = Task.Run(ServeAsync);
            }
            return _started;
        }
    }

    private async Task<string> ServeAsync()
    {
        var system = services.GetRequiredService<ActorSystem>();
        var manager = ActorRegistry.For(system).Get<QueueManager>();
        if (listen.Port == 0 && RememberedPort() is { } remembered)
        {
            try
            {
                return await ServeAsync(manager, system, remembered);
            }
            catch (DashboardUnavailableException e)
            {
                log.LogInformation("The dashboard's last port {Port} is taken ({Reason}); taking another", remembered, e.InnerException?.Message);
            }
        }
        return await ServeAsync(manager, system, listen.Port);
    }

    private int? RememberedPort() =>
        File.Exists(_portFile) && int.TryParse(File.ReadAllText(_portFile).Trim(), out var port) && port is > 0 and <= 65535 ? port : null;

    private async Task<string> ServeAsync(IActorRef manager, ActorSystem system, int port)
    {
        var builder = EmbeddedWeb.CreateBuilder();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            foreach (var ip in IPAddress.TryParse(listen.Hostname, out var literal) ? new[] { literal } : Dns.GetHostAddresses(listen.Hostname))
            {
                kestrel.Listen(ip, port);
            }
        });
        var web = builder.Build();
        var queue = new DashboardQueue(manager);
        web.Use(new DashboardGate(Access).InvokeAsync);
        DashboardPages.Map(web);
        DashboardApi.Map(web, queue);
        EventStream.Map(web, system, manager);
        try
        {
            await web.StartAsync();
        }
        catch (Exception e)
        {
            await web.DisposeAsync();
            log.LogError(e, "Cannot serve the dashboard on {Address}", listen);
            throw new DashboardUnavailableException($"cannot serve the dashboard on {listen}: {e.Message}", e);
        }
        _web = web;
        // The port the system picked (the setting may say 0), under the name the setting gives; kept for the next start.
        var chosen = new Uri(web.Urls.First()).Port;
        if (listen.Port == 0)
        {
            using var file = new StreamWriter(QueueCtl.Actors.Security.OwnerOnly.Open(_portFile, FileMode.Create, FileAccess.Write));
            file.Write(chosen);
        }
        var url = $"http://{listen.AkkaHostname}:{chosen}";
        log.LogInformation("Serving the dashboard on {Url}", url);
        return url;
    }

    /// <summary>A host restarted while browsers had sessions serves the dashboard at once, so their pages reconnect.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Access.HasSessions)
        {
            _ = EnsureStartedAsync(); // failures are logged by the start; `queuectl dashboard` tries again
        }
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_web is { } web)
        {
            // Stopping the app ends every open event stream (they watch its ApplicationStopping), so Kestrel does not
            // wait out its shutdown timeout for them.
            await web.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_web is { } web)
        {
            await web.DisposeAsync();
        }
    }
}

/// <summary>The dashboard could not be served: one line for <c>queuectl dashboard</c>, the cause kept for host.log.</summary>
internal sealed class DashboardUnavailableException(string message, Exception cause) : Exception(message, cause);
