using System.Diagnostics;

namespace QueueCtl.Cli.Hosting;

/// <summary>
/// Opens a URL in the desktop's browser, only where there is a desktop: <c>xdg-open</c> on the PATH and a display
/// (<c>DISPLAY</c> or <c>WAYLAND_DISPLAY</c>). Over ssh, in CI or in a test there is none, and the URL printed is enough.
/// </summary>
internal static class BrowserLauncher
{
    public static bool TryOpen(string url)
    {
        if (!HasDisplay() || FindOnPath("xdg-open") is not { } opener)
        {
            return false;
        }
        // Through the shell, in the background and with its output to /dev/null: xdg-open may live as long as the browser
        // it starts, and neither may write into this CLI's terminal or die of a closed pipe once the CLI has exited.
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        foreach (var argument in (string[])["-c", "\"$0\" \"$1\" >/dev/null 2>&1 </dev/null &", opener, url])
        {
            start.ArgumentList.Add(argument);
        }
        try
        {
            using var process = Process.Start(start);
            process?.WaitForExit();
            return process is not null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static bool HasDisplay() =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DISPLAY")) ||
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WAYLAND_DISPLAY"));

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);
}
