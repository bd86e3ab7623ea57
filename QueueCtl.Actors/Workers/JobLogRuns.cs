using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using QueueCtl.Actors.Security;

namespace QueueCtl.Actors.Workers;

/// <summary>
/// Where each run's output starts in a job's log, for <c>queuectl logs ID --attempt N</c>. Every run appends to the same
/// <c>ID.log</c>, so beside it <c>ID.runs</c> lists, one decimal per line, the log's length when each run after the
/// first was started. The first run of a fresh log needs no line (it starts at 0, and the log does not exist yet), so
/// the common job, run once, costs one stat; a log that exists means an earlier run created it (every runner creates
/// the log as it starts the command), so its length is recorded before the command is started. Run N is the Nth start
/// of the command with this log, counted across <c>dlq retry</c>, which resets <c>attempts</c> but not this count.
/// </summary>
internal static class JobLogRuns
{
    /// <summary>The index beside <paramref name="logPath"/>: <c>ID.log</c> → <c>ID.runs</c>.</summary>
    public static string IndexPath(string logPath) =>
        (logPath.EndsWith(".log", StringComparison.Ordinal) ? logPath[..^4] : logPath) + ".runs";

    /// <summary>
    /// Called by the worker just before it starts a run: records where the run's output will start, unless this is the
    /// log's first run. Null, or why it could not (the run goes ahead; its output then reads as part of the run before).
    /// </summary>
    public static string? RecordRunStart(string logPath)
    {
        try
        {
            var log = new FileInfo(logPath);
            if (!log.Exists)
            {
                return null;
            }
            // Owner-only like every file of the data directory; one small O_APPEND write, whole lines only.
            using var index = OwnerOnly.Open(IndexPath(logPath), FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            index.Write(Encoding.ASCII.GetBytes(log.Length.ToString(CultureInfo.InvariantCulture) + "\n"));
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }

    /// <summary>The start offsets of runs 2, 3, ... from an index's text; a last line cut short by a crash is left out.</summary>
    public static ImmutableArray<long> Parse(string text)
    {
        var starts = ImmutableArray.CreateBuilder<long>();
        var complete = text.LastIndexOf('\n') + 1;
        foreach (var line in text[..complete].Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (long.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var start))
            {
                starts.Add(start);
            }
        }
        return starts.ToImmutable();
    }

    /// <summary>How many runs a log holds: none while it does not exist, else one more than the index lists.</summary>
    public static int Count(bool logExists, ImmutableArray<long> laterStarts) => logExists ? laterStarts.Length + 1 : 0;

    /// <summary>
    /// The bytes of run <paramref name="attempt"/> (from 1): from its start to the next run's start, or to the end of the
    /// log (null) for the last run, which may still be writing; null when the log holds no such run.
    /// </summary>
    public static RunSpan? Find(bool logExists, ImmutableArray<long> laterStarts, int attempt)
    {
        if (attempt < 1 || attempt > Count(logExists, laterStarts))
        {
            return null;
        }
        var start = attempt == 1 ? 0 : laterStarts[attempt - 2];
        long? end = attempt <= laterStarts.Length ? laterStarts[attempt - 1] : null;
        return new RunSpan(start, end is { } e && e < start ? start : end);
    }
}

/// <summary>One run's output in the log: from <see cref="Start"/> to <see cref="End"/> (null: to the end of the log).</summary>
internal readonly record struct RunSpan(long Start, long? End);
