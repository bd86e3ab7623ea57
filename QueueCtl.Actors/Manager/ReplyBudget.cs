using System.Collections.Immutable;
using QueueCtl.Actors.Domain;

namespace QueueCtl.Actors.Manager;

/// <summary>
/// A reply reaches the CLI in one Akka.Remote frame (16 MiB); a bigger one is dropped by the sender, and the CLI would
/// wait in vain. A list of jobs is therefore cut to fit <see cref="Bytes"/>, half the frame, by an estimate that errs
/// high: every character of its text fields as 3 bytes (UTF-8's most for one UTF-16 unit), plus a fixed amount for the
/// rest of each job and each history entry. The cut list still says how many jobs matched, so the CLI shows
/// "showing N of M".
/// </summary>
internal static class ReplyBudget
{
    public const int Bytes = 8 * 1024 * 1024;

    public static ImmutableArray<Job> Fit(ImmutableArray<Job> jobs)
    {
        long used = 0;
        for (var i = 0; i < jobs.Length; i++)
        {
            used += EstimatedBytes(jobs[i]);
            if (used > Bytes)
            {
                return jobs[..i];
            }
        }
        return jobs;
    }

    internal static long EstimatedBytes(Job job) =>
        512 + 3L * (job.Id.Length + job.Command.Length + (job.LastError?.Length ?? 0) + job.DependsOn.Sum(id => id.Length + 4))
        + job.History.Sum(entry => 64 + 3L * entry.Reason.Length);
}
