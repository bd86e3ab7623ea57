using System.Diagnostics;

namespace QueueCtl.Cli.Hosting;

/// <summary>
/// Starts the host in the background for <c>queuectl host start</c>: in its own session (through <c>setsid</c>,
/// so closing the terminal does not stop it), with stdin from /dev/null and stdout/stderr appended to
/// <c>DATA/host.out</c> by the shell itself, so no pipe ties the host to this short-lived CLI.
/// </summary>
internal static class HostLauncher
{
    public const string OutputFileName = "host.out";

    private const string Shell = "/bin/sh";
    private const string Setsid = "/usr/bin/setsid";

    /// <summary><c>$1</c> is the output file, the rest is the command to run.</summary>
    private const string RedirectScript = "out=$1; shift; exec \"$@\" >>\"$out\" 2>&1 </dev/null";

    public static Process Start(HostProgram program, IReadOnlyList<string> arguments, string outputPath)
    {
        var start = new ProcessStartInfo { UseShellExecute = false };
        if (File.Exists(Shell))
        {
            start.FileName = Shell;
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(RedirectScript);
            start.ArgumentList.Add("queuectl-host");
            start.ArgumentList.Add(outputPath);
            if (File.Exists(Setsid))
            {
                start.ArgumentList.Add(Setsid);
            }
            start.ArgumentList.Add(program.FileName);
        }
        else
        {
            start.FileName = program.FileName;
            start.CreateNoWindow = true;
        }
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        return Process.Start(start) ?? throw new InvalidOperationException($"could not start {program.FileName}");
    }

    /// <summary>The last lines the host wrote since <paramref name="offset"/>, to show why it did not start.</summary>
    public static string Tail(string outputPath, long offset, int lines = 20)
    {
        try
        {
            using var stream = new FileStream(outputPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            stream.Seek(Math.Min(offset, stream.Length), SeekOrigin.Begin);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().TrimEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException)
        {
            return "";
        }
    }

    public static long Length(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

    /// <summary>Whether the host printed <paramref name="line"/> (its ready line) since <paramref name="offset"/>.</summary>
    public static bool Printed(string outputPath, long offset, string line) => Tail(outputPath, offset, int.MaxValue).Contains(line, StringComparison.Ordinal);

    /// <summary>The output file, created 0600 before the host appends to it (its lines name the data directory and jobs).</summary>
    public static void CreateOutput(string outputPath) =>
        QueueCtl.Actors.Security.OwnerOnly.Open(outputPath, FileMode.OpenOrCreate, FileAccess.Write).Dispose();
}
