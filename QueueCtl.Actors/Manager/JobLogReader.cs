using System.Text;
using QueueCtl.Actors.Protocol;
using QueueCtl.Actors.Workers;

namespace QueueCtl.Actors.Manager;

/// <summary>Reads a chunk of a job's log off the actor thread (<c>queuectl logs</c>, <c>--attempt</c> and <c>--follow</c>).</summary>
internal static class JobLogReader
{
    public static Task<JobLogChunk> ReadAsync(string jobId, string path, long offset, int maxBytes) =>
        ReadAsync(jobId, path, offset, maxBytes, new RunSpan(0, null), wholeCharactersOnly: false);

    /// <summary>
    /// Up to <paramref name="maxBytes"/> of <paramref name="span"/> from <paramref name="offset"/>, which counts from the
    /// span's start, as do the chunk's offsets. <paramref name="wholeCharactersOnly"/> (a follower of a job still writing)
    /// leaves a UTF-8 sequence the job has only half written for the next read, instead of printing it as two bad characters.
    /// </summary>
    public static async Task<JobLogChunk> ReadAsync(
        string jobId, string path, long offset, int maxBytes, RunSpan span, bool wholeCharactersOnly)
    {
        if (!File.Exists(path))
        {
            return new JobLogChunk(jobId, offset, offset, "", EndOfLog: true);
        }
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, useAsync: true);
        var from = span.Start + offset;
        var end = span.End ?? long.MaxValue;
        file.Seek(from, SeekOrigin.Begin);
        var buffer = new byte[(int)Math.Clamp(end - from, 0, maxBytes)];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await file.ReadAsync(buffer.AsMemory(read));
            if (n == 0)
            {
                break;
            }
            read += n;
        }
        var complete = read > 0 && (read == buffer.Length || wholeCharactersOnly) ? CompleteUtf8Length(buffer.AsSpan(0, read)) : read;
        var text = Encoding.UTF8.GetString(buffer, 0, complete);
        return new JobLogChunk(jobId, offset, offset + complete, text, EndOfLog: from + complete >= Math.Min(end, file.Length));
    }

    /// <summary><c>queuectl logs ID</c>: the whole log, or with <paramref name="attempt"/> one run of it.</summary>
    public static async Task<IQueueCtlMessage> ReadAsync(string jobId, string path, int? attempt, long offset, int maxBytes) =>
        attempt is { } n
            ? await ReadAttemptAsync(jobId, path, n, offset, maxBytes)
            : await ReadAsync(jobId, path, offset, maxBytes);

    /// <summary>
    /// <c>queuectl logs ID --attempt N</c>: a chunk of the Nth run's output (<see cref="JobLogRuns"/>), or why there is
    /// none. The run index is read here too, off the actor thread.
    /// </summary>
    public static async Task<IQueueCtlMessage> ReadAttemptAsync(string jobId, string path, int attempt, long offset, int maxBytes)
    {
        if (attempt < 1)
        {
            return new CommandRejected(RejectionKind.InvalidInput, $"there is no attempt {attempt}; attempts count from 1");
        }
        var indexPath = JobLogRuns.IndexPath(path);
        var starts = File.Exists(indexPath) ? JobLogRuns.Parse(await File.ReadAllTextAsync(indexPath)) : [];
        var logExists = File.Exists(path);
        if (JobLogRuns.Find(logExists, starts, attempt) is not { } span)
        {
            var runs = JobLogRuns.Count(logExists, starts);
            return new CommandRejected(RejectionKind.InvalidInput, runs == 0
                ? $"job '{jobId}' has not run yet, so it has no attempt {attempt}; see its state with `queuectl show {jobId}`"
                : $"job '{jobId}' has run {runs} time{(runs == 1 ? "" : "s")}, so there is no attempt {attempt}; " +
                  $"give --attempt a number from 1 to {runs}");
        }
        return await ReadAsync(jobId, path, offset, maxBytes, span, wholeCharactersOnly: false);
    }

    /// <summary>Stops a chunk before a UTF-8 sequence it would cut in two.</summary>
    private static int CompleteUtf8Length(ReadOnlySpan<byte> bytes)
    {
        var i = bytes.Length - 1;
        var back = 0;
        while (i >= 0 && back < 4 && (bytes[i] & 0xC0) == 0x80)
        {
            i--;
            back++;
        }
        if (i < 0)
        {
            return bytes.Length;
        }
        var lead = bytes[i];
        var needed = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        return back + 1 >= needed ? bytes.Length : i;
    }
}
