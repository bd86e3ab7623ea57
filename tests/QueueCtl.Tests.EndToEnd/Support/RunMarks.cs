using System.Globalization;

namespace QueueCtl.Tests.EndToEnd.Support;

/// <summary>
/// Start, tick and end marks that a test's jobs append to a file of their own (<c>RUN KIND NANOSECONDS</c>, one line
/// each; RUN is unique per run: the shell's pid and its start time). A run's marks span the time it was seen alive,
/// background children included, so two runs of one job overlapped if one's marks interleave with the other's.
/// </summary>
internal static class RunMarks
{
    public sealed record Run(string Id, long First, long Last, bool Started, bool Ended);

    /// <summary>The shell lines a job uses: <c>$M</c> is set to the file, <c>$R</c> to the run, then a start mark.</summary>
    public static string Prologue(string file) =>
        $"M='{file}'; R=$$.$(date +%s%N); echo \"$R start $(date +%s%N)\" >> \"$M\"; ";

    public const string EndMark = "echo \"$R end $(date +%s%N)\" >> \"$M\"";

    /// <summary>A background child that marks a tick every 0.2 s until killed: <c>$T</c> is its pid.</summary>
    public const string StartTicker = "(while :; do echo \"$R tick $(date +%s%N)\" >> \"$M\"; sleep 0.2; done) & T=$!; ";

    /// <summary>Ends the ticker and waits for it, so none of its marks can follow the run's end mark.</summary>
    public const string StopTicker = "kill $T; wait $T 2>/dev/null; ";

    /// <summary>The runs in the order they started; none if the file does not exist (no run got as far as its first mark).</summary>
    public static IReadOnlyList<Run> Read(string file)
    {
        if (!File.Exists(file))
        {
            return [];
        }
        var runs = new Dictionary<string, (long First, long Last, bool Started, bool Ended)>();
        foreach (var line in File.ReadAllLines(file))
        {
            var parts = line.Split(' ');
            if (parts.Length != 3 || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var at))
            {
                throw new Xunit.Sdk.XunitException($"a torn or foreign line in {file}: '{line}'");
            }
            var run = runs.TryGetValue(parts[0], out var seen) ? seen : (First: long.MaxValue, Last: long.MinValue, Started: false, Ended: false);
            runs[parts[0]] = (Math.Min(run.First, at), Math.Max(run.Last, at), run.Started || parts[1] == "start", run.Ended || parts[1] == "end");
        }
        return runs.Select(r => new Run(r.Key, r.Value.First, r.Value.Last, r.Value.Started, r.Value.Ended)).OrderBy(r => r.First).ToList();
    }

    /// <summary>Null when every run's last mark precedes the next run's first; else the two runs that overlapped.</summary>
    public static string? Overlap(IReadOnlyList<Run> runs)
    {
        for (var i = 1; i < runs.Count; i++)
        {
            if (runs[i - 1].Last >= runs[i].First)
            {
                return $"run {runs[i - 1].Id} was still marking at {runs[i - 1].Last} after run {runs[i].Id} started at {runs[i].First} " +
                       $"({(runs[i - 1].Last - runs[i].First) / 1e6:0.0} ms of overlap)";
            }
        }
        return null;
    }
}
