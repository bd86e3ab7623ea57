using System.Collections;
using System.Reflection.PortableExecutable;

namespace QueueCtl.Tests.EndToEnd.Support;

/// <summary>The .NET SDK these tests run on, for the tests that build, pack or install queuectl themselves.</summary>
internal static class Dotnet
{
    public static string Program => Path.Combine(Binaries.DotnetRoot, "dotnet");

    /// <summary>
    /// The environment of a build: no QUEUECTL_* of the caller, no MSBuild variables of the <c>dotnet test</c> that runs
    /// these tests, and no build servers left running afterwards (one would keep the test's output pipes open).
    /// </summary>
    public static Dictionary<string, string?> BuildEnvironment()
    {
        var variables = new Dictionary<string, string?>
        {
            ["DOTNET_ROOT"] = Binaries.DotnetRoot,
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
            ["UseSharedCompilation"] = "false",
        };
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            var name = (string)variable.Key;
            if (name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) && name != "MSBUILDDISABLENODEREUSE"
                || name.StartsWith("QUEUECTL_", StringComparison.Ordinal))
            {
                variables[name] = null;
            }
        }
        return variables;
    }

    public static Task<CliResult> RunAsync(IReadOnlyList<string> args, TimeSpan timeout) =>
        Cli.RunProcessAsync(Program, args, BuildEnvironment(), stdin: null, timeout);

    /// <summary>Whether <paramref name="assembly"/> holds ReadyToRun (precompiled) code beside its IL.</summary>
    public static bool IsReadyToRun(string assembly)
    {
        using var reader = new PEReader(File.OpenRead(assembly));
        return reader.PEHeaders.CorHeader is { ManagedNativeHeaderDirectory.Size: > 0 };
    }

    /// <summary>Whether <paramref name="path"/> is an ELF executable (a NativeAOT program, or an apphost).</summary>
    public static bool IsElf(string path)
    {
        var magic = new byte[4];
        using var file = File.OpenRead(path);
        return file.Read(magic) == 4 && magic is [0x7f, (byte)'E', (byte)'L', (byte)'F'];
    }
}
