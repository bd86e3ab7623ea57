using System.Text;

namespace QueueCtl.Tests.EndToEnd.Support;

/// <summary>
/// The processes of a data directory's jobs, found the way the host's survivor sweep finds them: every job process
/// (and each child it leaves behind) carries <c>QUEUECTL_RUN=&lt;data dir&gt;|&lt;job id&gt;</c> in its environment.
/// A worker's idle standby shell carries the marker with no job id; it is not a job's.
/// </summary>
internal static class JobProcesses
{
    public sealed record JobProcess(int Pid, string JobId, string CommandLine)
    {
        public override string ToString() => $"pid {Pid} of job {JobId}: {CommandLine}";
    }

    /// <summary>The live (not zombie) processes of jobs of <paramref name="home"/>.</summary>
    public static IReadOnlyList<JobProcess> Of(string home) => All(home).Where(p => p.JobId.Length > 0).ToList();

    /// <summary>
    /// Every live process carrying the queue's marker: the jobs' (with their ids) and the workers' standby shells (with
    /// an empty id, which a job's shell keeps in /proc after it was handed its job).
    /// </summary>
    public static IReadOnlyList<JobProcess> All(string home)
    {
        var prefix = $"QUEUECTL_RUN={home}|";
        var found = new List<JobProcess>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || !IsAlive(pid))
            {
                continue;
            }
            string environ;
            string commandLine;
            try
            {
                environ = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(dir, "environ")));
                commandLine = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(dir, "cmdline"))).Replace('\0', ' ').Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // gone meanwhile
            }
            var entry = environ.Split('\0').FirstOrDefault(e => e.StartsWith(prefix, StringComparison.Ordinal));
            if (entry is not null)
            {
                found.Add(new JobProcess(pid, entry[prefix.Length..], commandLine));
            }
        }
        return found;
    }

    /// <summary>A process that is gone, or a zombie (killed, waiting to be reaped), is not alive.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var status = File.ReadAllLines($"/proc/{pid}/status");
            return !status.Any(line => line.StartsWith("State:", StringComparison.Ordinal)
                                       && (line.Contains("zombie", StringComparison.Ordinal) || line.Contains("dead", StringComparison.Ordinal)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
