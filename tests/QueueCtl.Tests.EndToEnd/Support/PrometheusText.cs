using System.Diagnostics;
using System.Text.Json;

namespace QueueCtl.Tests.EndToEnd.Support;

/// <summary>
/// Prometheus's text exposition format read by the Prometheus project's own parser (python3-prometheus-client, which
/// .ci/run installs from Debian): a format mistake fails the parse, and each sample comes back with its labels.
/// </summary>
internal sealed class PrometheusText
{
    private const string Python = "/usr/bin/python3";

    private const string Parser = """
        import json, sys
        from prometheus_client.parser import text_string_to_metric_families
        families = []
        for family in text_string_to_metric_families(sys.stdin.read()):
            families.append({"name": family.name, "type": family.type,
                             "samples": [{"name": s.name, "labels": s.labels, "value": s.value} for s in family.samples]})
        json.dump(families, sys.stdout)
        """;

    private readonly JsonElement _families;

    private PrometheusText(JsonElement families) => _families = families;

    public static async Task<PrometheusText> ParseAsync(string text)
    {
        var start = new ProcessStartInfo(Python, ["-c", Parser])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var parser = Process.Start(start)!;
        await parser.StandardInput.WriteAsync(text);
        parser.StandardInput.Close();
        var output = parser.StandardOutput.ReadToEndAsync();
        var errors = parser.StandardError.ReadToEndAsync();
        await parser.WaitForExitAsync();
        Assert.True(parser.ExitCode == 0, $"the Prometheus parser refused the text ({await errors}):\n{text}");
        return new PrometheusText(JsonDocument.Parse(await output).RootElement.Clone());
    }

    /// <summary>The type of the family <paramref name="name"/> (counter, gauge, histogram…), or null if there is none.</summary>
    public string? TypeOf(string name) =>
        _families.EnumerateArray().Where(f => f.GetProperty("name").GetString() == name).Select(f => f.GetProperty("type").GetString()).FirstOrDefault();

    /// <summary>The value of the one sample named <paramref name="sample"/> with these labels (and maybe others).</summary>
    public double Value(string sample, params (string Name, string Value)[] labels)
    {
        var matches = _families.EnumerateArray()
            .SelectMany(f => f.GetProperty("samples").EnumerateArray())
            .Where(s => s.GetProperty("name").GetString() == sample)
            .Where(s => labels.All(l => s.GetProperty("labels").TryGetProperty(l.Name, out var v) && v.GetString() == l.Value))
            .ToList();
        Assert.True(matches.Count == 1, $"expected one sample {sample} {string.Join(",", labels)}, found {matches.Count}");
        return matches[0].GetProperty("value").GetDouble();
    }
}
