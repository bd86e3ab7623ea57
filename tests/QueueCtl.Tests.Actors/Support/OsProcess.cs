namespace QueueCtl.Tests.Actors.Support;

/// <summary>Looks at OS processes from the outside, through /proc.</summary>
internal static class OsProcess
{
    /// <summary>
    /// True while <paramref name="pid"/> runs. A zombie counts as gone: an orphan killed with its group is reparented
    /// to whatever reaps orphans on this machine, and may stay a zombie for a while.
    /// </summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..][0];
            return state is not ('Z' or 'X');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The pid a job wrote into <paramref name="path"/> (e.g. <c>echo $! &gt; pidfile</c>), or null while it is not complete.</summary>
    public static int? ReadPid(string path)
    {
        try
        {
            var text = File.ReadAllText(path);
            return text.EndsWith('\n') && int.TryParse(text.Trim(), out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
