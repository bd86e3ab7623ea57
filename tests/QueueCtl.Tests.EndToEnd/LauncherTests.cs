using System.Diagnostics;
using QueueCtl.Tests.EndToEnd.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.EndToEnd;

/// <summary>
/// The root <c>./queuectl</c> launcher as a user runs it from a checkout: it builds the CLI and the host, then runs the
/// CLI. `dotnet test` runs the CLI's code under the JIT only; this is what shows that the NativeAOT CLI (trimmed,
/// compiled ahead of time) works against a real host, and what the ReadyToRun fallback says. Both tests build into one
/// temporary QUEUECTL_BUILD_DIR (<see cref="ReleaseBuilds"/>), in either order: the host is built once, and each test's
/// QUEUECTL_AOT makes the launcher rebuild the CLI alone.
/// </summary>
[Collection(BuildsCollection.Name)]
public sealed class LauncherTests(ReleaseBuilds builds, ITestOutputHelper output)
{
    /// <summary>A NativeAOT publish took about 2 minutes on an idle 2-core machine, the host's ReadyToRun one about 1.</summary>
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(12);

    private static string Launcher => System.IO.Path.Combine(Binaries.SolutionDirectory, "queuectl");

    private string CliDirectory => System.IO.Path.Combine(builds.LauncherBuildDirectory, "cli");

    private string CliKind => File.ReadAllText(System.IO.Path.Combine(builds.LauncherBuildDirectory, "cli-kind")).Trim();

    [Fact]
    public async Task Launcher_BuildsANativeAotCliThatRunsTheTourAgainstARealHost_WhenQueuectlAotIsNot0()
    {
        await using var host = CliStartedHost.Create();
        var cli = host.Cli(Launcher, Environment(aot: null));

        var first = await BuildAsync(cli);
        Assert.True(first.Stderr.Length == 0, $"a NativeAOT build says nothing:\n{first}\n{AotLog()}");
        Assert.Equal("nativeaot", CliKind);
        var binary = System.IO.Path.Combine(CliDirectory, "queuectl");
        Assert.True(Dotnet.IsElf(binary), $"{binary} is not an ELF executable");
        Assert.False(File.Exists(System.IO.Path.Combine(CliDirectory, "queuectl.dll")), "queuectl.dll beside the CLI: it is not NativeAOT");
        Assert.False(File.Exists(System.IO.Path.Combine(CliDirectory, "queuectl.runtimeconfig.json")), "the CLI needs the .NET runtime: it is not NativeAOT");

        var elapsed = Stopwatch.StartNew();
        var seen = await Tour.RunAsync(cli, host);
        output.WriteLine($"the tour took {elapsed.Elapsed.TotalSeconds:0} s");
        Assert.Equal(System.IO.Path.Combine(builds.LauncherBuildDirectory, "host", "QueueCtl.Host"), seen.HostExecutable);
    }

    [Fact]
    public async Task Launcher_BuildsAReadyToRunCliAndSaysSoOnceInOneLine_WhenQueuectlAotIs0()
    {
        await using var host = CliStartedHost.Create();
        var cli = host.Cli(Launcher, Environment(aot: "0"));

        var first = await BuildAsync(cli);
        var note = Assert.Single(first.Stderr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("queuectl: this CLI is a ReadyToRun build", note);
        Assert.Contains("QUEUECTL_AOT=0", note);
        Assert.Contains("NativeAOT", note);
        Assert.Equal("readytorun aot-off", CliKind);
        Assert.True(Dotnet.IsReadyToRun(System.IO.Path.Combine(CliDirectory, "queuectl.dll")), "the CLI is not ReadyToRun");

        // Said once: the next calls run the same build and say nothing.
        var second = (await cli.RunAsync("--version")).Succeeded();
        Assert.Equal("", second.Stderr);
        var status = (await cli.RunAsync("status")).Exited(3);
        Assert.StartsWith($"queuectl: no queuectl host is listening on {host.Address}", status.Stderr);
    }

    /// <summary>
    /// The launcher's environment: the temporary build directory, QUEUECTL_AOT as given (null: unset), and the
    /// variables of <see cref="Dotnet.BuildEnvironment"/> for the builds it runs.
    /// </summary>
    private Dictionary<string, string?> Environment(string? aot)
    {
        var variables = Dotnet.BuildEnvironment();
        variables.Remove("QUEUECTL_HOME");
        variables.Remove("QUEUECTL_HOST");
        variables["QUEUECTL_BUILD_DIR"] = builds.LauncherBuildDirectory;
        variables["QUEUECTL_AOT"] = aot;
        return variables;
    }

    /// <summary>The first call builds what the test needs (or finds it built); it must print the version.</summary>
    private async Task<CliResult> BuildAsync(Cli cli)
    {
        var first = await cli.RunAsync(["--version"], stdin: null, BuildTimeout);
        output.WriteLine($"./queuectl --version, building, took {first.Elapsed.TotalSeconds:0} s");
        Assert.True(first.ExitCode == 0, $"the launcher failed:\n{first}\n{AotLog()}");
        Assert.Matches(@"^\d+\.\d+\.\d+\n$", first.Stdout);
        return first;
    }

    private string AotLog()
    {
        var log = System.IO.Path.Combine(builds.LauncherBuildDirectory, "aot-build.log");
        return File.Exists(log) ? $"--- {log} ---\n{string.Join('\n', File.ReadLines(log).TakeLast(40))}" : "";
    }
}
