using QueueCtl.Actors.Hosting;
namespace QueueCtl.Cli.Hosting;

/// <summary>
/// How to run the host node: its executable, or <c>dotnet</c> with the host's dll. Found through
/// <c>QUEUECTL_HOST_EXE</c>, else next to the CLI (the launcher script and a published build put it there).
/// </summary>
internal sealed record HostProgram(string FileName, IReadOnlyList<string> LeadingArguments)
{
    public const string ExecutableEnvironmentVariable = "QUEUECTL_HOST_EXE";
    public const string ExecutableName = "QueueCtl.Host";

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
        var executable = Path.Combine(cliDirectory, OperatingSystem.IsWindows() ? ExecutableName + ".exe" : ExecutableName);
        if (File.Exists(executable))
        {
            return (FromPath(executable), null);
        }
        var dll = Path.Combine(cliDirectory, ExecutableName + ".dll");
        if (File.Exists(dll))
        {
            return (FromPath(dll), null);
        }
        return (null, CliOutcome.Error(ExitCodes.Refused,
            $"cannot find the host program {ExecutableName} next to queuectl (in {cliDirectory})",
            $"set {ExecutableEnvironmentVariable} to its path, or run ./queuectl from a checkout, which builds it"));
    }

    /// <summary>A dll runs under the <c>dotnet</c> that runs this CLI (or the one on PATH).</summary>
    private static HostProgram FromPath(string path) =>
        path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
            ? new HostProgram(DotnetPath(), [path])
            : new HostProgram(path, []);

    private static string DotnetPath() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
        : Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self
        : "dotnet";

    /// <summary>The host's own option that lets it listen beyond loopback (QueueCtl.Host's HostArguments).</summary>
    public const string AllowRemoteOption = "--allow-remote";

    public IReadOnlyList<string> Arguments(HostAddress address, string? dataDirectory, bool allowRemote = false)
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
        return arguments;
    }
}
