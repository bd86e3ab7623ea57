using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace QueueCtl.Host;

/// <summary>The web apps inside the host (the dashboard, the Prometheus endpoint) start from one builder.</summary>
internal static class EmbeddedWeb
{
    /// <summary>
    /// The empty builder: no appsettings.json, environment or file watcher (the host watches nothing, and a watcher on its
    /// working directory woke for every job's log), no logging of its own; Kestrel and routing, and the host's lifetime.
    /// </summary>
    public static WebApplicationBuilder CreateBuilder()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.Services.AddRoutingCore();
        // The host's own lifetime handles Ctrl-C and SIGTERM, and stops the app with it.
        builder.Services.AddSingleton<IHostLifetime, NoLifetime>();
        return builder;
    }

    /// <summary>An app that starts and stops when the host says, and watches no signal of its own.</summary>
    private sealed class NoLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
