using System.Diagnostics;
using System.IO.Compression;
using QueueCtl.Tests.EndToEnd.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.EndToEnd;

/// <summary>
/// The .NET tool package (QueueCtl.Cli/ToolPackage.targets), packed by <c>dotnet pack</c> as the README says, installed
/// by <c>dotnet tool install</c> from that folder alone, and run with no checkout: <c>queuectl host start</c> must find
/// the host inside the package.
/// </summary>
[Collection(BuildsCollection.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ToolPackageTests(ReleaseBuilds builds, ITestOutputHelper output)
{
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task InstalledTool_RunsTheTourWithTheReadyToRunHostInItsPackage_WhenInstalledFromThePackFolderAlone()
    {
        var pointer = await PackageAsync(rid: null);
        using (var zip = ZipFile.OpenRead(pointer))
        {
            Assert.Contains("README.md", zip.Entries.Select(e => e.FullName));
        }
        using (var zip = ZipFile.OpenRead(await PackageAsync("linux-x64")))
        {
            var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
            Assert.Contains("tools/net10.0/linux-x64/queuectl", entries);
            Assert.Contains("tools/net10.0/linux-x64/host/QueueCtl.Host", entries);
            Assert.Contains("tools/net10.0/linux-x64/host/libe_sqlite3.so", entries);
            Assert.DoesNotContain("tools/net10.0/linux-x64/QueueCtl.Host", entries); // else it would be found first, without its dll
        }

        // Only the pack folder as a source: the install works offline and cannot pick up another queuectl.
        var tools = Path.Combine(builds.Root, "tools");
        var elapsed = Stopwatch.StartNew();
        var install = (await Dotnet.RunAsync(["tool", "install", "queuectl", "--tool-path", tools, "--source", builds.Packages], InstallTimeout))
            .Succeeded();
        output.WriteLine($"dotnet tool install took {elapsed.Elapsed.TotalSeconds:0} s");
        Assert.Contains("was successfully installed", install.Stdout);
        var queuectl = Path.Combine(tools, "queuectl");
        var installed = Path.GetDirectoryName(Path.GetFullPath(new FileInfo(queuectl).ResolveLinkTarget(returnFinalTarget: true)!.FullName))!;
        Assert.EndsWith("tools/net10.0/linux-x64", installed);
        Assert.True(Dotnet.IsReadyToRun(Path.Combine(installed, "queuectl.dll")), "the installed CLI is not ReadyToRun");
        Assert.True(Dotnet.IsReadyToRun(Path.Combine(installed, "host", "QueueCtl.Host.dll")), "the installed host is not ReadyToRun");

        await using var host = CliStartedHost.Create();
        elapsed.Restart();
        var seen = await Tour.RunAsync(host.Cli(queuectl), host);
        output.WriteLine($"the tour took {elapsed.Elapsed.TotalSeconds:0} s");
        Assert.Equal(Path.Combine(installed, "host", "QueueCtl.Host"), seen.HostExecutable);
    }

    [Fact]
    public async Task AnyPackage_RunsTheTourWithItsPortableHostUnderDotnet_WhenItsCliRunsAsATool()
    {
        var any = Path.Combine(builds.Root, "any");
        ZipFile.ExtractToDirectory(await PackageAsync("any"), any, overwriteFiles: true);
        var tool = Path.Combine(any, "tools", "net10.0", "any");
        Assert.False(File.Exists(Path.Combine(tool, "host", "QueueCtl.Host")), "the portable host has an apphost of one machine");
        Assert.True(File.Exists(Path.Combine(tool, "host", "runtimes", "linux-x64", "native", "libe_sqlite3.so")));
        Assert.Contains("Runner=\"dotnet\"", File.ReadAllText(Path.Combine(tool, "DotnetToolSettings.xml")));

        // What the shim of a tool with the dotnet runner does: run its dll under dotnet.
        var shim = Path.Combine(any, "queuectl");
        File.WriteAllText(shim, $"#!/bin/sh\nexec '{Dotnet.Program}' '{Path.Combine(tool, "queuectl.dll")}' \"$@\"\n");
        File.SetUnixFileMode(shim, UnixFileMode.UserRead | UnixFileMode.UserExecute);

        await using var host = CliStartedHost.Create();
        var elapsed = Stopwatch.StartNew();
        var seen = await Tour.RunAsync(host.Cli(shim), host);
        output.WriteLine($"the tour took {elapsed.Elapsed.TotalSeconds:0} s");
        Assert.Equal("dotnet", Path.GetFileName(seen.HostExecutable));
        Assert.Equal(Path.Combine(tool, "host", "QueueCtl.Host.dll"), seen.HostCommandLine.Split(' ')[1]);
    }

    /// <summary>
    /// The path of <c>queuectl[.RID].VERSION.nupkg</c> for <paramref name="rid"/> (null: the pointer package), once
    /// <c>dotnet pack</c> made exactly the three packages.
    /// </summary>
    private async Task<string> PackageAsync(string? rid)
    {
        var pack = await builds.PackAsync();
        output.WriteLine($"dotnet pack took {pack.Elapsed.TotalSeconds:0} s");
        // A build's errors come last: show the end of its output, where CliResult shows the start.
        Assert.True(pack.ExitCode == 0,
            $"dotnet pack exited {pack.ExitCode}:\n{string.Join('\n', (pack.Stdout + pack.Stderr).Split('\n').TakeLast(60))}");
        var packages = Directory.GetFiles(builds.Packages, "*.nupkg").Select(Path.GetFileName).Order().ToList();
        var version = Assert.Single(packages, name => name!.StartsWith("queuectl.linux-x64.", StringComparison.Ordinal))!
            ["queuectl.linux-x64.".Length..^".nupkg".Length];
        Assert.Equal([$"queuectl.{version}.nupkg", $"queuectl.any.{version}.nupkg", $"queuectl.linux-x64.{version}.nupkg"], packages);
        return Path.Combine(builds.Packages, rid is null ? $"queuectl.{version}.nupkg" : $"queuectl.{rid}.{version}.nupkg");
    }
}
