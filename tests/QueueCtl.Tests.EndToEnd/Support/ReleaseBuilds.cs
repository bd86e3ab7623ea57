namespace QueueCtl.Tests.EndToEnd.Support;

/// <summary>
/// One temporary folder for the Release builds of <see cref="BuildsCollection"/>: the launcher's build directory
/// (QUEUECTL_BUILD_DIR) and the tool packages. The launcher keeps its intermediate files in its artifacts folder, and
/// <c>dotnet pack</c> uses the same one (<c>--artifacts-path</c>), so whichever runs second finds the host's ReadyToRun
/// compile (a minute of both cores here) done. Nothing is shared with the solution's own build or with .build/.
/// </summary>
public sealed class ReleaseBuilds : IDisposable
{
    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(12);

    private readonly Lazy<Task<CliResult>> _pack;

    public ReleaseBuilds() =>
        _pack = new(() => Dotnet.RunAsync(
            ["pack", Path.Combine(Binaries.SolutionDirectory, "QueueCtl.Cli", "QueueCtl.Cli.csproj"), "-o", Packages,
             "--artifacts-path", ArtifactsPath, "--disable-build-servers", "-nologo"],
            PackTimeout));

    public string Root { get; } = Directory.CreateTempSubdirectory("queuectl-builds-").FullName;

    /// <summary>QUEUECTL_BUILD_DIR of the launcher under test.</summary>
    public string LauncherBuildDirectory => Path.Combine(Root, "launcher");

    /// <summary>The launcher's own artifacts folder (see ./queuectl), shared with <c>dotnet pack</c>.</summary>
    public string ArtifactsPath => Path.Combine(LauncherBuildDirectory, "artifacts");

    /// <summary>Where <c>dotnet pack</c> puts the tool packages.</summary>
    public string Packages => Path.Combine(Root, "packages");

    /// <summary><c>dotnet pack QueueCtl.Cli -o PACKAGES</c>, as the README says, run once.</summary>
    internal Task<CliResult> PackAsync() => _pack.Value;

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
