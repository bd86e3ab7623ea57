using System.Text;
using QueueCtl.Cli;

namespace QueueCtl.Tests.Cli;

/// <summary>Runs the whole CLI in-process with captured streams.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static async Task<Result> RunWithStdinAsync(string stdin, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var console = new CliConsole(stdout, stderr, () => new MemoryStream(Encoding.UTF8.GetBytes(stdin)));
        var exitCode = await CliApp.RunAsync(args, console);
        return new Result(exitCode, stdout.ToString(), stderr.ToString());
    }

    public static Task<Result> RunAsync(params string[] args) => RunWithStdinAsync("", args);
}
