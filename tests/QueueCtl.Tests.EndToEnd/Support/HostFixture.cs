namespace QueueCtl.Tests.EndToEnd.Support;

/// <summary>
/// One host shared by the tests of a class (they run one after another, never at once), for classes whose
/// tests use their own job ids and only compare the queue before and after what they do.
/// </summary>
public sealed class HostFixture : IAsyncLifetime
{
    private TestHost? _host;

    internal TestHost Host => _host ?? throw new InvalidOperationException("the host has not started");

    public async Task InitializeAsync() => _host = await TestHost.StartAsync();

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
