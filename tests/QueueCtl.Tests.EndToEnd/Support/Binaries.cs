using System.Reflection;

namespace QueueCtl.Tests.EndToEnd.Support;

/// <summary>
/// Where the real CLI and host were built: the test project references both (without linking them), so
/// <c>dotnet test</c> builds them into their own <c>bin/&lt;Configuration&gt;/&lt;TargetFramework&gt;/</c> first.
/// The root <c>./queuectl</c> launcher is not used: it rebuilds into <c>.build/</c>.
/// </summary>
internal static class Binaries
{
    private static readonly Lazy<string> Root = new(FindSolutionDirectory);

    public static string SolutionDirectory => Root.Value;

    public static string Cli => Existing(Output("QueueCtl.Cli", "queuectl"));

    public static string Host => Existing(Output("QueueCtl.Host", "QueueCtl.Host"));

    /// <summary>The apphosts need the runtime this test runs on when dotnet is not in a default location.</summary>
    public static string DotnetRoot { get; } =
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));

    private static string Configuration => Metadata("Configuration");

    private static string TargetFramework => Metadata("TargetFramework");

    private static string Output(string project, string apphost) =>
        Path.Combine(SolutionDirectory, project, "bin", Configuration, TargetFramework, apphost);

    private static string Metadata(string key) =>
        typeof(Binaries).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"the test assembly has no {key} metadata");

    private static string Existing(string path) => File.Exists(path)
        ? path
        : throw new FileNotFoundException($"{path} is missing; build the solution (dotnet build QueueCtl.sln -c {Configuration})", path);

    private static string FindSolutionDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "QueueCtl.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"no QueueCtl.sln above {AppContext.BaseDirectory}");
    }
}
