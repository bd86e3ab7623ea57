using System.Runtime.InteropServices;

namespace QueueCtl.Cli.Hosting;

/// <summary>
/// <c>queuectl host run</c> replaces the CLI process with the host (execvp), so Ctrl-C and SIGTERM reach the host
/// directly and its exit code is the command's exit code.
/// </summary>
internal static partial class Exec
{
    /// <summary>Returns only if the exec failed, with the reason.</summary>
    public static string Replace(string file, IReadOnlyList<string> arguments)
    {
        var argv = new IntPtr[arguments.Count + 2];
        try
        {
            argv[0] = Marshal.StringToCoTaskMemUTF8(file);
            for (var i = 0; i < arguments.Count; i++)
            {
                argv[i + 1] = Marshal.StringToCoTaskMemUTF8(arguments[i]);
            }
            Execvp(file, argv);
            return Marshal.GetLastPInvokeErrorMessage();
        }
        finally
        {
            foreach (var pointer in argv)
            {
                Marshal.FreeCoTaskMem(pointer);
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "execvp", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Execvp(string file, IntPtr[] argv);
}
