using Microsoft.Extensions.Hosting;

namespace QueueCtl.Host;

/// <summary>
/// A web app inside the host (the dashboard, the Prometheus endpoint): it starts and stops when the host says, and
/// watches no signal of its own.
/// </summary>
internal sealed class NoLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
