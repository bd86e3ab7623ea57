using QueueCtl.Actors.Hosting;
namespace QueueCtl.Cli.Hosting;

/// <summary>
/// How to run the host node: its executable, or <c>dotnet</c> with the host's dll. Found through
/// <c>QUEUECTL_HOST_EXE</c>, else next to the CLI (a build of the solution puts it there), else in the CLI's
/// <c>host/</c> folder (the .NET tool package carries it there: see QueueCtl.Cli/ToolPackage.targets).
/// </summary>
internal sealed record HostProgram(string FileName, IReadOnlyList<string> LeadingArguments)
{
    public const string ExecutableEnvironmentVariable = "QUEUECTL_HOST_EXE";
    public const string ExecutableName = "QueueCtl.Host";

    /// <summary>The folder of the tool package that holds the host's own publish output, beside the CLI's files.</summary>
    public const string ToolPackageFolder = "host";

    public static (HostProgram? Program, CliOutcome? Problem) Find() =>
        Find(Environment.GetEnvironmentVariable(ExecutableEnvironmentVariable), AppContext.BaseDirectory);

    public static (HostProgram? Program, CliOutcome? Problem) Find(string? configured, string cliDirectory)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured)
                ? (FromPath(Path.GetFullPath(configured)), null)
                : (null, CliOutcome.Error(ExitCodes.Refused, $"{ExecutableEnvironmentVariable}={configured} does not exist",
                    $"point {ExecutableEnvironmentVariable} at the QueueCtl.Host executable or dll, or unset it"));
        }
        if ((InDirectory(cliDirectory) ?? InDirectory(Path.Combine(cliDirectory, ToolPackageFolder))) is { } found)
        {
            return (found, null);
        }
        return (null, CliOutcome.Error(ExitCodes.Refused,
            $"cannot find the host program {ExecutableName} next to queuectl (in {cliDirectory}) or in its {ToolPackageFolder}/ folder",
            $"set {ExecutableEnvironmentVariable} to its path, or run ./queuectl from a checkout, which builds it"));
    }

    /// <summary>The host's executable in <paramref name="directory"/>, else its dll (the tool package's portable build has no executable).</summary>
    private static HostProgram? InDirectory(string directory)
    {
        var executable = Path.Combine(directory, OperatingSystem.IsWindows() ? ExecutableName + ".exe" : ExecutableName);
        if (File.Exists(executable))
        {
            return FromPath(executable);
        }
        var dll = Path.Combine(directory, ExecutableName + ".dll");
        return File.Exists(dll) ? FromPath(dll) : null;
    }

    /// <summary>A dll runs under the <c>dotnet</c> that runs this CLI (or the one on PATH).</summary>
    private static HostProgram FromPath(string path) =>
        path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
            ? new HostProgram(DotnetPath(), [path])
            : new HostProgram(path, []);

    private static string DotnetPath() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
        : Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self
        : RuntimeDotnet() ?? "dotnet";

    /// <summary>
    /// The <c>dotnet</c> of the runtime this CLI runs on, for a CLI started through an apphost or a tool's shim, which
    /// may have found a runtime that is not on PATH. The runtime host names the framework's deps file
    /// (ROOT/shared/Microsoft.NETCore.App/VERSION/Microsoft.NETCore.App.deps.json); a NativeAOT CLI has none.
    /// </summary>
    private static string? RuntimeDotnet()
    {
        if (AppContext.GetData("FX_DEPS_FILE") is not string { Length: > 0 } frameworkDeps)
        {
            return null;
        }
        var root = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(frameworkDeps)!, "..", "..", ".."));
        var dotnet = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(dotnet) ? dotnet : null;
    }

    /// <summary>The host's own option that lets it listen beyond loopback (QueueCtl.Host's HostArguments).</summary>
    public const string AllowRemoteOption = "--allow-remote";

    public const string MetricsListenOption = "--metrics-listen";

    public IReadOnlyList<string> Arguments(HostAddress address, string? dataDirectory, bool allowRemote = false, string? metricsListen = null)
    {
        var arguments = new List<string>(LeadingArguments);
        if (dataDirectory is not null)
        {
            arguments.Add("--data-dir");
            arguments.Add(dataDirectory);
        }
        arguments.Add("--host");
        arguments.Add(address.ToString());
        if (allowRemote)
        {
            arguments.Add(AllowRemoteOption);
        }
        if (metricsListen is not null)
        {
            arguments.Add(MetricsListenOption);
            arguments.Add(metricsListen);
        }
        return arguments;
    }
}
