using QueueCtl.Tests.EndToEnd.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.EndToEnd;

/// <summary>
/// The real host on a data directory whose path holds a space, <c>#</c>, both quotes, <c>;</c>, <c>$</c>, a backslash and
/// non-ASCII letters: the path goes into HOCON (the journal's connection string), into every job's log path and environment,
/// and to the CLI through <c>QUEUECTL_HOME</c>. The queue works there, keeps its jobs across a restart, and writes no file
/// beside the directory (a path cut at <c>;</c>, <c>#</c> or a quote would). With the host's own runner, and again with the
/// portable one (<see cref="PortableAwkwardDataDirectoryTests"/>), which hands the log path to its shell as an argument.
/// </summary>
public class AwkwardDataDirectoryTests(ITestOutputHelper output)
{
    /// <summary>Appended to the directory's name; Akka's HOCON could not carry it if it ended with a space.</summary>
    private const string AwkwardSuffix = " #1 \"dq\" 'sq';$HOME\\ü";

    /// <summary>The runner the host is told to use (<c>QUEUECTL_RUNNER</c>), or null for its own choice.</summary>
    private protected virtual string? Runner => null;

    [Fact]
    public async Task Host_RunsJobsAndKeepsThemAcrossARestart_WhenTheDataDirectoryPathHasSpacesHashesQuotesAndSemicolons()
    {
        await using var host = await TestHost.StartAsync(output, runner: Runner, nameSuffix: AwkwardSuffix);
        var cli = host.Cli;
        Assert.EndsWith(AwkwardSuffix, host.Home);
        var siblingsBefore = Siblings(host.Home);

        (await cli.RunAsync("enqueue", "--id", "awkward", "echo out; echo err >&2; printf '%s\\n' \"$QUEUECTL_HOME\"")).Succeeded();
        (await cli.RunAsync("worker", "start")).Succeeded();
        (await cli.RunAsync("wait", "awkward")).Succeeded();

        Assert.Equal($"out\nerr\n{host.Home}\n", (await cli.RunAsync("logs", "awkward")).Succeeded().Stdout);
        Assert.True(File.Exists(Path.Combine(host.Home, "logs", "awkward.log")), "the job's log is not in the data directory");
        Assert.True(File.Exists(Path.Combine(host.Home, "queue.db")), "the journal is not in the data directory");
        Assert.Equal(host.Home, (await cli.StatusAsync()).GetProperty("host").Str("data_location"));

        (await host.StopAsync()).Succeeded();
        await host.RestartAsync();

        var job = await cli.ShowAsync("awkward");
        Assert.Equal("completed", job.Str("state"));
        Assert.Equal(1, job.Int("attempts"));
        Assert.Equal(siblingsBefore, Siblings(host.Home));
    }

    /// <summary>What the temporary directory holds whose name starts like the data directory's: the directory alone.</summary>
    private static IReadOnlyList<string> Siblings(string home)
    {
        var name = Path.GetFileName(home);
        var prefix = name[..name.IndexOf(' ', StringComparison.Ordinal)];
        return Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(home)!, prefix + "*").Order(StringComparer.Ordinal).ToList();
    }
}

/// <summary>Every case of <see cref="AwkwardDataDirectoryTests"/> with the host forced onto the portable runner.</summary>
public sealed class PortableAwkwardDataDirectoryTests(ITestOutputHelper output) : AwkwardDataDirectoryTests(output)
{
    private protected override string? Runner => "portable";
}
