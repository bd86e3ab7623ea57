using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;
using QueueCtl.Actors.Hosting;

namespace QueueCtl.Host.Metrics;

/// <summary>
/// Prometheus's <c>GET /metrics</c> on the address of <c>--metrics-listen</c> (or <c>queuectl.host.metrics-listen</c>):
/// read-only figures, off unless asked for, on loopback unless <c>--allow-remote</c> says otherwise. Kestrel serves it,
/// the exposition text is prometheus-net's.
/// </summary>
internal sealed class MetricsEndpoint(HostAddress address, ILogger<MetricsEndpoint> log) : IHostedService, IAsyncDisposable
{
    private readonly PrometheusExport _export = new();

    /// <summary>Serves <c>/metrics</c> on <paramref name="address"/> while the host runs.</summary>
    public static void AddTo(IServiceCollection services, HostAddress address) =>
        services.AddHostedService(provider => new MetricsEndpoint(address, provider.GetRequiredService<ILogger<MetricsEndpoint>>()));
    private WebApplication? _web;

    public string Url => $"http://{address.AkkaHostname}:{address.Port}/metrics";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = EmbeddedWeb.CreateBuilder();
        builder.WebHost.UseUrls($"http://{address.AkkaHostname}:{address.Port}");
        _web = builder.Build();
        _web.MapMetrics(settings => settings.Registry = _export.Registry);
        try
        {
            await _web.StartAsync(cancellationToken);
        }
        catch (IOException e)
        {
            throw new MetricsListenException(
                $"cannot serve metrics on {address}: {e.Message}; choose another address with --metrics-listen, or leave it out", e);
        }
        log.LogInformation("Serving Prometheus metrics on {Url}", Url);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_web is not null)
        {
            await _web.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_web is not null)
        {
            await _web.DisposeAsync();
        }
        _export.Dispose();
    }
}

/// <summary>The metrics address could not be served: one line for the user, the cause kept for host.log.</summary>
internal sealed class MetricsListenException(string message, Exception cause) : Exception(message, cause);
