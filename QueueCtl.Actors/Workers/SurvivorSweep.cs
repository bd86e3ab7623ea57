using System.Text;

namespace QueueCtl.Actors.Workers;

/// <summary>
/// After a crash (kill -9) of the host, the jobs it ran live on as orphans; re-running them would run a job
/// twice at once. Every job process carries <c>QUEUECTL_RUN=&lt;queue&gt;|&lt;job&gt;</c> in its environment
/// (inherited by its children), so on recovery the survivors of this queue are found in /proc and killed,
/// with their process groups where the group is the job's own session, before any job is dispatched. Linux only
/// (<see cref="IsAvailable"/>): elsewhere the host says at start that it cannot do this.
/// </summary>
internal static class SurvivorSweep
{
    public static string MarkerFor(string queueKey, string jobId) => $"{queueKey}|{jobId}";

    /// <summary>Whether survivors can be found here: it takes Linux's /proc (a process's environment is not readable elsewhere).</summary>
    public static bool IsAvailable => OperatingSystem.IsLinux() && Directory.Exists("/proc");

    /// <summary>Kills every process whose environment holds a run marker of <paramref name="queueKey"/>. Returns how many.</summary>
    public static int KillSurvivors(string queueKey)
    {
        if (!IsAvailable)
        {
            return 0;
        }
        var needle = Encoding.UTF8.GetBytes($"{Hosting.QueueCtlNames.RunMarkerEnvironmentVariable}={queueKey}|");
        var self = Environment.ProcessId;
        var ownGroup = Libc.getpgid(0);
        var killed = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == self)
            {
                continue;
            }
            byte[] environ;
            try
            {
                environ = File.ReadAllBytes(Path.Combine(dir, "environ"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // gone, or not ours
            }
            if (!ContainsEntry(environ, needle))
            {
                continue;
            }
            // A native job's group is a session of its own (posix_spawn with SETSID): all of it is the job's. A portable
            // runner's job is in the host's group, which may hold processes that are not the queue's (the shell pipeline
            // the host was started in), so only its marked processes are killed, one by one.
            var group = Libc.getpgid(pid);
            if (group > 1 && group != ownGroup && Libc.getsid(pid) == group)
            {
                Libc.kill(-group, Libc.SIGKILL);
            }
            Libc.kill(pid, Libc.SIGKILL);
            killed++;
        }
        return killed;
    }

    /// <summary>True when one NUL-separated entry of <paramref name="environ"/> starts with <paramref name="prefix"/>.</summary>
    private static bool ContainsEntry(ReadOnlySpan<byte> environ, ReadOnlySpan<byte> prefix)
    {
        while (!environ.IsEmpty)
        {
            var end = environ.IndexOf((byte)0);
            var entry = end < 0 ? environ : environ[..end];
            if (entry.StartsWith(prefix))
            {
                return true;
            }
            environ = end < 0 ? ReadOnlySpan<byte>.Empty : environ[(end + 1)..];
        }
        return false;
    }
}
