using System.Text.RegularExpressions;

namespace QueueCtl.Tests.EndToEnd.Support;

/// <summary>
/// The README's first steps, with a queuectl that starts its own host (an installed tool, the launcher): host start,
/// enqueue, worker start, wait, logs, status --json, host stop; every exit code and answer checked.
/// </summary>
internal static class Tour
{
    /// <summary>What the tour saw of the host it started, to tell which build or package that host came from.</summary>
    public sealed record Seen(string Version, int HostPid, string HostExecutable, string HostCommandLine);

    public static async Task<Seen> RunAsync(Cli cli, CliStartedHost host)
    {
        var version = (await cli.RunAsync("--version")).Succeeded().Stdout.Trim();
        Assert.Matches(@"^\d+\.\d+\.\d+$", version);
        (await cli.RunAsync("status")).Exited(3);

        var started = (await cli.RunAsync("host", "start")).Succeeded();
        Assert.Matches($@"^Host started on {Regex.Escape(host.Address)} \(pid \d+, data {Regex.Escape(host.Home)}\)$", started.Stdout.Trim());
        var pid = host.Pid ?? throw new Xunit.Sdk.XunitException($"no host runs on {host.Home} after:\n{started}");
        var seen = new Seen(version, pid, CliStartedHost.ExecutableOf(pid), CliStartedHost.CommandLineOf(pid));

        var enqueued = (await cli.RunAsync("enqueue", "--id", "tour", "echo hello from the tour; echo to stderr >&2")).Succeeded();
        Assert.Equal("Enqueued job tour (state=pending)", enqueued.Stdout.Trim());
        Assert.Matches(@"^Workers: 1 configured, [01] busy$", (await cli.RunAsync("worker", "start")).Succeeded().Stdout.Trim());
        var waited = (await cli.RunAsync("wait", "tour")).Succeeded();
        Assert.Matches(new Regex(@"^tour\s+completed\s+1/4\s+0\s+-$", RegexOptions.Multiline), waited.Stdout);
        Assert.Equal("hello from the tour\nto stderr\n", (await cli.RunAsync("logs", "tour")).Succeeded().Stdout);

        var status = (await cli.RunAsync("status", "--json")).Succeeded().Json();
        Assert.Equal(1, status.GetProperty("counts").Int("completed"));
        Assert.Equal(1, status.Int("total"));
        Assert.Equal(1, status.Int("workers_configured"));
        Assert.Equal(pid, status.GetProperty("host").Int("pid"));
        Assert.Equal(version, status.GetProperty("host").Str("version"));
        Assert.Equal(host.Home, status.GetProperty("host").Str("data_location"));

        Assert.Equal("Host stopped", (await cli.RunAsync("host", "stop")).Succeeded().Stdout.Trim());
        Assert.Null(host.Pid); // host stop returns once the host has exited
        (await cli.RunAsync("status")).Exited(3);
        return seen;
    }
}
