using System.Collections.Immutable;
using System.Text;
using QueueCtl.Actors.Protocol;

namespace QueueCtl.Cli.Input;

/// <summary>One <see cref="EnqueueJobs"/> worth of jobs; <see cref="First"/> is the 0-based index of its first job in the input.</summary>
internal sealed record JobBatch(int First, ImmutableArray<JobSubmission> Jobs);

/// <summary>
/// Splits bulk input into <see cref="EnqueueJobs"/> batches of at most <see cref="MaxJobs"/> jobs and about
/// <see cref="MaxBytes"/> of commands, so a batch and the host's reply (the jobs, with more fields) stay well
/// under the 16 MiB remoting frame.
/// </summary>
internal static class JobBatches
{
    public const int MaxJobs = 1000;
    public const int MaxBytes = 4 * 1024 * 1024;

    /// <summary>Rough per-job overhead on the wire besides id and command (field names, max_retries).</summary>
    private const int Overhead = 64;

    public static IEnumerable<JobBatch> Split(IReadOnlyList<JobSubmission> jobs, int maxJobs = MaxJobs, int maxBytes = MaxBytes)
    {
        var batch = ImmutableArray.CreateBuilder<JobSubmission>(Math.Min(maxJobs, jobs.Count));
        var first = 0;
        var bytes = 0;
        for (var i = 0; i < jobs.Count; i++)
        {
            var size = Size(jobs[i]);
            if (batch.Count > 0 && (batch.Count == maxJobs || bytes + size > maxBytes))
            {
                yield return new JobBatch(first, batch.DrainToImmutable());
                first = i;
                bytes = 0;
            }
            batch.Add(jobs[i]);
            bytes += size;
        }
        if (batch.Count > 0)
        {
            yield return new JobBatch(first, batch.DrainToImmutable());
        }
    }

    private static int Size(JobSubmission job) =>
        Overhead + (job.Id?.Length ?? 36) + (job.Command.Length < 256 ? job.Command.Length * 3 : Encoding.UTF8.GetByteCount(job.Command));
}
