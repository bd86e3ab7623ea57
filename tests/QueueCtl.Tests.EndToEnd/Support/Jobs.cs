using System.Text.Json;

namespace QueueCtl.Tests.EndToEnd.Support;

/// <summary>The CLI's <c>--json</c> answers about jobs, and bounded waits on them.</summary>
internal static class Jobs
{
    /// <summary>Long enough for a loaded 2-core machine; a job that needs longer is a failure worth reading.</summary>
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(60);

    /// <summary><c>queuectl show ID --json</c>: one job object with the field names of spec 2.</summary>
    public static async Task<JsonElement> ShowAsync(this Cli cli, string id) =>
        (await cli.RunAsync("show", id, "--json")).Succeeded().Json();

    /// <summary><c>queuectl list --json</c>, newest first; every job unless <paramref name="options"/> give a <c>--limit</c>.</summary>
    public static async Task<JsonElement> ListAsync(this Cli cli, params string[] options) =>
        (await cli.RunAsync(["list", "--json", .. options.Contains("--limit") ? options : [.. options, "--limit", "10000"]], stdin: null))
        .Succeeded().Json();

    public static async Task<JsonElement> StatusAsync(this Cli cli) =>
        (await cli.RunAsync("status", "--json")).Succeeded().Json();

    /// <summary>Polls <c>show --json</c> until the job is in <paramref name="state"/>; returns it as last shown.</summary>
    public static Task<JsonElement> WaitForStateAsync(this Cli cli, string id, string state, TimeSpan? timeout = null) =>
        Eventually.AssertAsync(async () =>
        {
            var job = await cli.ShowAsync(id);
            Assert.True(job.Str("state") == state, $"job {id} is {job.Str("state")}, waiting for {state}: {job}");
            return job;
        }, timeout ?? DefaultWait, $"job {id} in state {state}");

    public static string? Str(this JsonElement element, string name) =>
        element.GetProperty(name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    public static int Int(this JsonElement element, string name) => element.GetProperty(name).GetInt32();

    /// <summary>A flag that is left out of the JSON while false (<c>cancel_requested</c>).</summary>
    public static bool Bool(this JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    public static int? IntOrNull(this JsonElement element, string name) =>
        element.GetProperty(name) is { ValueKind: JsonValueKind.Number } value ? value.GetInt32() : null;

    public static IReadOnlyList<string> Ids(this JsonElement list) =>
        list.EnumerateArray().Select(job => job.Str("id")!).ToList();

    /// <summary>The states a job went through, from its history.</summary>
    public static IReadOnlyList<string> HistoryStates(this JsonElement job) =>
        job.GetProperty("history").EnumerateArray().Select(step => step.Str("state")!).ToList();

    public static IReadOnlyList<string> HistoryReasons(this JsonElement job) =>
        job.GetProperty("history").EnumerateArray().Select(step => step.Str("reason")!).ToList();

    /// <summary>What must survive a restart of the host, one line per job, in list order.</summary>
    public static IReadOnlyList<string> Summary(this JsonElement list) =>
        list.EnumerateArray()
            .Select(j => $"{j.Str("id")} {j.Str("state")} attempts={j.Int("attempts")} max_retries={j.Int("max_retries")} " +
                         $"exit={j.IntOrNull("exit_code")} error={j.Str("last_error")} history={j.GetProperty("history").GetArrayLength()} " +
                         $"command={j.Str("command")}")
            .ToList();
}
