using QueueCtl.Cli.Hosting;

namespace QueueCtl.Tests.Cli;

/// <summary>
/// Where <c>queuectl host start</c> / <c>host run</c> find the host: <c>QUEUECTL_HOST_EXE</c>, next to the CLI (a
/// build, the launcher's <c>.build/</c>), or the <c>host/</c> folder of the .NET tool package.
/// </summary>
public sealed class HostProgramTests : IDisposable
{
    private readonly string _cli = Directory.CreateTempSubdirectory("queuectl-hostprogram-").FullName;

    public void Dispose() => Directory.Delete(_cli, recursive: true);

    [Fact]
    public void Find_RunsTheExecutableNextToTheCli_WhenThereIsOne()
    {
        var executable = Touch(HostProgram.ExecutableName);
        Touch(HostProgram.ToolPackageFolder, HostProgram.ExecutableName);

        var (program, problem) = HostProgram.Find(configured: null, _cli);

        Assert.Null(problem);
        Assert.Equal(executable, program!.FileName);
        Assert.Empty(program.LeadingArguments);
    }

    [Fact]
    public void Find_RunsTheToolPackagesHostExecutable_WhenNothingIsNextToTheCli()
    {
        var executable = Touch(HostProgram.ToolPackageFolder, HostProgram.ExecutableName);
        Touch(HostProgram.ToolPackageFolder, HostProgram.ExecutableName + ".dll");

        var (program, problem) = HostProgram.Find(configured: null, _cli);

        Assert.Null(problem);
        Assert.Equal(executable, program!.FileName);
        Assert.Empty(program.LeadingArguments);
    }

    [Fact]
    public void Find_RunsTheToolPackagesHostDllUnderDotnet_WhenItsHostFolderHasNoExecutable()
    {
        var dll = Touch(HostProgram.ToolPackageFolder, HostProgram.ExecutableName + ".dll");

        var (program, problem) = HostProgram.Find(configured: null, _cli);

        Assert.Null(problem);
        Assert.Equal("dotnet", Path.GetFileName(program!.FileName));
        Assert.Equal([dll], program.LeadingArguments);
    }

    [Fact]
    public void Find_NamesBothPlacesItLooked_WhenThereIsNoHost()
    {
        var (program, problem) = HostProgram.Find(configured: null, _cli);

        Assert.Null(program);
        Assert.Contains(_cli, problem!.Stderr);
        Assert.Contains("host/", problem.Stderr);
        Assert.Contains(HostProgram.ExecutableEnvironmentVariable, problem.Stderr);
    }

    private string Touch(params string[] parts)
    {
        var path = Path.Combine([_cli, .. parts]);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "");
        return path;
    }
}
