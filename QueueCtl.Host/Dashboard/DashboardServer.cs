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
/// serves nothing) and stopped with the host. It listens on <see cref="DashboardListen"/> (loopback and a free port by
/// default), and every request but a token's first must carry a session cookie (<see cref="DashboardGate"/>).
/// </summary>
internal sealed class DashboardServer(
    HostAddress listen, IServiceProvider services, ILogger<DashboardServer> log) : IHostedService, IAsyncDisposable
{
    private readonly Lock _gate = new();
    private Task<string>? _started;
    private WebApplication? _web;

    public DashboardAccess Access { get; } = new(TimeProvider.System);

    /// <summary>Serves the dashboard when it is first opened; the host stops it (see <see cref="StopAsync"/>).</summary>
    public static void AddTo(IServiceCollection services, HostAddress listen)
    {
        services.AddSingleton(provider => new DashboardServer(listen, provider, provider.GetRequiredService<ILogger<DashboardServer>>()));
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
        // The empty builder: no appsettings.json, environment or file watcher (the host watches nothing), no console
        // logging of its own. Kestrel and routing are all the dashboard needs.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            foreach (var ip in IPAddress.TryParse(listen.Hostname, out var literal) ? new[] { literal } : Dns.GetHostAddresses(listen.Hostname))
            {
                kestrel.Listen(ip, listen.Port);
            }
        });
        builder.Services.AddRoutingCore();
        // The host's own lifetime handles Ctrl-C and SIGTERM, and stops this app with it.
        builder.Services.AddSingleton<IHostLifetime, NoLifetime>();
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
        // The port the system picked (the setting may say 0), under the name the setting gives.
        var url = $"http://{listen.AkkaHostname}:{new Uri(web.Urls.First()).Port}";
        log.LogInformation("Serving the dashboard on {Url}", url);
        return url;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

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
