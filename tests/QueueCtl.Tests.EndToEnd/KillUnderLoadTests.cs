using System.Diagnostics;
using System.Text.Json;
using QueueCtl.Tests.EndToEnd.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.EndToEnd;

/// <summary>
/// Issue 11, section 3: <c>kill -9</c> under load. A few hundred mixed jobs (short, failing, sleeping, and some with a
/// background child that marks ticks until the run stops it) run on 4 workers while the host is SIGKILLed at random
/// moments, twelve times, and started again each time; more jobs are enqueued while the kills happen. At the end:
/// every acknowledged job exists and ended as its command and retries imply; attempts, failures and interruptions
/// add up in its history; no two runs of one job overlapped (each run, and its child, marks the times it was alive);
/// and no process of any job is left running.
/// </summary>
public sealed class KillUnderLoadTests(ITestOutputHelper output)
{
    private const int Kills = 12;
    private const int FailingRetries = 2;
    private const int InterruptionLimit = 3; // spec 4: interrupted more than 3 times goes to the DLQ

    private enum Kind { Short, Failing, Sleeping, Ticking }

    private sealed record Spec(string Id, Kind Kind, string Command, int MaxRetries);

    [Fact]
    public async Task EveryAcknowledgedJob_EndsAsItsCommandImpliesWithNoRunOverlapping_WhenTheHostIsKilledTwelveTimesUnderLoad()
    {
        var clock = Stopwatch.StartNew();
        var random = new Random(20261205);
        await using var host = await TestHost.StartAsync(output);
        var cli = host.Cli;
        var marks = Path.Combine(host.Home, "marks");
        Directory.CreateDirectory(marks);
        (await cli.RunAsync("config", "set", "backoff-base", "1")).Succeeded(); // the smallest base QueueSettings allows: 1 s per retry

        var specs = new Dictionary<string, Spec>();
        var acknowledged = new HashSet<string>();
        var first = Enumerable.Range(0, 240).Select(i => NewSpec($"j{i:000}", random, marks)).ToList();
        (await EnqueueAsync(cli, first)).Succeeded();
        foreach (var spec in first)
        {
            specs[spec.Id] = spec;
            acknowledged.Add(spec.Id);
        }
        (await cli.RunAsync("worker", "start", "--count", "4")).Succeeded();

        var orphansSeen = 0;
        for (var kill = 1; kill <= Kills; kill++)
        {
            // A batch enqueued while the kill may land: acknowledged (exit 0) means stored, whatever happens next.
            var batch = Enumerable.Range(0, 8).Select(i => NewSpec($"k{kill:00}-{i}", random, marks)).ToList();
            foreach (var spec in batch)
            {
                specs[spec.Id] = spec;
            }
            var enqueueAfter = random.Next(0, 800);
            var enqueue = Task.Run(async () =>
            {
                await Task.Delay(enqueueAfter);
                return await EnqueueAsync(cli, batch);
            });
            // The fault schedule, not an assertion: the host is killed a random while after it became ready.
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(500, 3000)));
            await host.KillAsync();
            orphansSeen += JobProcesses.Of(host.Home).Count;
            var enqueued = await enqueue;
            if (enqueued.ExitCode == 0)
            {
                acknowledged.UnionWith(batch.Select(s => s.Id));
            }
            output.WriteLine($"kill {kill} at {clock.Elapsed.TotalSeconds:0.0} s: batch {(enqueued.ExitCode == 0 ? "acknowledged" : $"not acknowledged (exit {enqueued.ExitCode})")}");
            await host.RestartAsync();
        }
        output.WriteLine($"{Kills} kills done at {clock.Elapsed.TotalSeconds:0.0} s; {orphansSeen} job processes were left running by the killed hosts");
        Assert.True(orphansSeen > 0, "no kill ever left a job running; the test did not exercise the survivor sweep");

        // Every acknowledged job is there; a batch that was not acknowledged may or may not have been stored.
        var listed = (await cli.ListAsync()).EnumerateArray().ToDictionary(j => j.Str("id")!);
        var lost = acknowledged.Where(id => !listed.ContainsKey(id)).ToList();
        Assert.True(lost.Count == 0, $"acknowledged jobs missing after the kills: {string.Join(", ", lost)}");
        var unknown = listed.Keys.Where(id => !specs.ContainsKey(id)).ToList();
        Assert.True(unknown.Count == 0, $"jobs nobody enqueued: {string.Join(", ", unknown)}");
        var waited = await cli.RunAsync(["wait", .. listed.Keys], stdin: null, TimeSpan.FromSeconds(150));
        Assert.True(waited.ExitCode is 0 or 4, $"wait did not see every job finish:\n{waited}");
        output.WriteLine($"{listed.Count} jobs finished at {clock.Elapsed.TotalSeconds:0.0} s");

        var problems = new List<string>();
        var jobs = (await cli.ListAsync()).EnumerateArray().ToList();
        foreach (var job in jobs)
        {
            problems.AddRange(Check(job, specs[job.Str("id")!]));
        }
        var interruptions = jobs.Sum(j => j.Int("interruptions"));
        output.WriteLine($"{jobs.Count} jobs, {jobs.Sum(j => j.Int("attempts"))} attempts, {interruptions} interruptions, " +
                         $"{jobs.Count(j => j.Str("state") == "dead")} dead");
        Assert.True(problems.Count == 0, $"{problems.Count} problems:\n{string.Join('\n', problems.Take(40))}");
        Assert.True(interruptions > 0, "no run was interrupted; the kills proved nothing");

        // Nothing of any job still runs: the killed hosts' orphans were swept, and finished runs left nothing behind.
        await Eventually.AssertAsync(() => Assert.Empty(JobProcesses.Of(host.Home)), TimeSpan.FromSeconds(15), "no job process left");
        (await host.StopAsync()).Succeeded();
        await Eventually.AssertAsync(() => Assert.Empty(JobProcesses.All(host.Home)), TimeSpan.FromSeconds(15),
            "no process of the queue left after the host stopped");
        output.WriteLine($"done in {clock.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>What must hold of one finished job, given its command; an empty list when all of it does.</summary>
    private static List<string> Check(JsonElement job, Spec spec)
    {
        var problems = new List<string>();
        void Expect(bool condition, string what)
        {
            if (!condition)
            {
                problems.Add($"{spec.Id} ({spec.Kind}): {what}; job: {job}");
            }
        }

        var history = job.GetProperty("history").EnumerateArray().ToList();
        var state = job.Str("state");
        var attempts = job.Int("attempts");
        var interruptions = job.Int("interruptions");
        var started = history.Count(h => h.Str("state") == "processing");
        var interrupted = history.Count(h => h.Str("reason")!.StartsWith("interrupted: ", StringComparison.Ordinal));
        var failed = history.Count(h => h.Str("reason")!.StartsWith("exited with code", StringComparison.Ordinal) && h.Str("state") is "failed" or "dead");
        var completed = history.Count(h => h.Str("state") == "completed");
        Expect(attempts == started, $"attempts {attempts} but {started} runs started in its history");
        Expect(interruptions == interrupted, $"interruptions {interruptions} but {interrupted} in its history");
        Expect(attempts == failed + interrupted + completed, $"attempts {attempts} != {failed} failed + {interrupted} interrupted + {completed} completed");
        Expect(job.Int("max_retries") == spec.MaxRetries, $"max_retries {job.Int("max_retries")}, enqueued with {spec.MaxRetries}");

        var outOfInterruptions = interruptions > InterruptionLimit;
        if (outOfInterruptions)
        {
            Expect(state == "dead" && job.Str("last_error")!.Contains("interrupted", StringComparison.Ordinal),
                $"interrupted {interruptions} times but not dead for it");
        }
        else if (spec.Kind == Kind.Failing)
        {
            Expect(state == "dead", "a job that always exits 3 did not end dead");
            Expect(failed == spec.MaxRetries + 1, $"{failed} failed runs, expected {spec.MaxRetries + 1} (max_retries {spec.MaxRetries})");
            Expect(job.IntOrNull("exit_code") == 3, $"exit code {job.IntOrNull("exit_code")}, expected 3");
        }
        else
        {
            Expect(state == "completed", $"ended {state}, expected completed");
            Expect(completed == 1 && failed == 0, $"{completed} completions and {failed} failures");
            Expect(job.IntOrNull("exit_code") == 0, $"exit code {job.IntOrNull("exit_code")}");
        }

        var runs = RunMarks.Read(spec.Command.Split('\'')[1]);
        Expect(runs.Count <= attempts, $"{runs.Count} runs left marks, more than its {attempts} attempts");
        Expect(RunMarks.Overlap(runs) is null, $"two runs overlapped: {RunMarks.Overlap(runs)}");
        var ended = runs.Count(r => r.Ended);
        Expect(ended >= failed + completed, $"{ended} runs marked their end, fewer than {failed + completed} that finished");
        if (state == "completed")
        {
            Expect(runs.Count > 0 && runs[^1].Ended, "the last run of a completed job did not mark its end");
        }
        return problems;
    }

    private static Spec NewSpec(string id, Random random, string marks)
    {
        var prologue = RunMarks.Prologue(Path.Combine(marks, id));
        var roll = random.Next(100);
        return roll switch
        {
            < 40 => new Spec(id, Kind.Short, prologue + RunMarks.EndMark, 1),
            < 60 => new Spec(id, Kind.Failing, prologue + RunMarks.EndMark + "; exit 3", FailingRetries),
            < 80 => new Spec(id, Kind.Sleeping, prologue + $"sleep {0.2 + random.Next(9) / 10.0:0.0}; " + RunMarks.EndMark, 1),
            _ => new Spec(id, Kind.Ticking,
                prologue + RunMarks.StartTicker + $"sleep {0.4 + random.Next(9) / 10.0:0.0}; " + RunMarks.StopTicker + RunMarks.EndMark, 1),
        };
    }

    private static Task<CliResult> EnqueueAsync(Cli cli, IEnumerable<Spec> specs) =>
        cli.RunAsync(["enqueue", "-"], string.Join('\n', specs.Select(s =>
            JsonSerializer.Serialize(new Dictionary<string, object> { ["id"] = s.Id, ["command"] = s.Command, ["max_retries"] = s.MaxRetries }))),
            TimeSpan.FromSeconds(60));
}
