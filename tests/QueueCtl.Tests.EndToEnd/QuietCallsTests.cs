using QueueCtl.Tests.EndToEnd.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.EndToEnd;

/// <summary>
/// A CLI call opens a connection, asks, and says goodbye before it closes (OrderlyTcpTransport): the host's log stays
/// free of the association warnings and errors a dropped connection leaves.
/// </summary>
public sealed class QuietCallsTests(ITestOutputHelper output)
{
    private const int StatusCalls = 30;

    /// <summary>Akka's line for each connection the host has finished with, the sign that it has seen the call end.</summary>
    private const string ConnectionDone = "Removing receive buffers";

    [Fact]
    public async Task PlainCliCalls_LeaveNoWarningOrErrorInTheHostLog()
    {
        await using var host = await TestHost.StartAsync(output);
        var cli = host.Cli;
        for (var i = 0; i < StatusCalls; i++)
        {
            (await cli.RunAsync("status")).Succeeded();
        }
        (await cli.RunAsync("enqueue", "--id", "quiet", "echo quiet")).Succeeded();
        (await cli.RunAsync("worker", "start", "--count", "1")).Succeeded();
        (await cli.RunAsync("wait", "quiet")).Succeeded();
        (await cli.RunAsync("logs", "quiet")).Succeeded();
        (await cli.RunAsync("list", "--json")).Succeeded();
        var calls = StatusCalls + 5;

        var log = Path.Combine(host.Home, "host.log");
        await Eventually.AssertAsync(
            () => Assert.True(CountLines(log, ConnectionDone) >= calls, $"{CountLines(log, ConnectionDone)} of {calls} connections closed"),
            TimeSpan.FromSeconds(30), "the host finishing with every connection");

        var noisy = File.ReadLines(log).Concat(host.Output.Split('\n'))
            .Where(line => line.Contains("[WARNING]", StringComparison.Ordinal) || line.Contains("[ERROR]", StringComparison.Ordinal)
                || line.Contains("Association", StringComparison.OrdinalIgnoreCase) && !line.Contains(ConnectionDone, StringComparison.Ordinal))
            .ToList();
        Assert.True(noisy.Count == 0, $"the host logged, for plain CLI calls:\n{string.Join('\n', noisy)}");
    }

    private static int CountLines(string path, string text) =>
        File.Exists(path) ? File.ReadLines(path).Count(line => line.Contains(text, StringComparison.Ordinal)) : 0;

    [Fact]
    public async Task ClientLogLevel_WritesAkkasLinesToStderr_SoJsonOutputStaysJson()
    {
        await using var host = await TestHost.StartAsync(output);
        var verbose = new Cli(host.Home, host.Address, environment: new Dictionary<string, string?> { ["QUEUECTL_CLIENT_LOGLEVEL"] = "DEBUG" });

        var result = (await verbose.RunAsync("status", "--json")).Succeeded();

        Assert.Equal(0, System.Text.Json.JsonDocument.Parse(result.Stdout).RootElement.GetProperty("total").GetInt32());
        Assert.Contains("[DEBUG]", result.Stderr);
    }
}
