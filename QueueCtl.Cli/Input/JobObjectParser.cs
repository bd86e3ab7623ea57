using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;

namespace QueueCtl.Cli.Input;

/// <summary>
/// One job object (<c>{"id":"job1","command":"echo hi","max_retries":3,"priority":5,"run_at":"2026-12-01T10:00:00Z","timeout_seconds":90,"depends_on":["job0"]}</c>)
/// into a <see cref="JobSubmission"/>,
/// with every check the host would make on it, so bad input exits 2 before anything is sent.
/// Reads with <see cref="Utf8JsonReader"/>: no reflection, no intermediate strings.
/// </summary>
internal static class JobObjectParser
{
    public static (JobSubmission? Job, InputProblem? Problem) Parse(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, isFinalBlock: true, state: default);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return Fail("expected a JSON object", $"write each job as an object with the fields {JobFields.SupportedList}");
        }

        string? id = null;
        string? command = null;
        int? maxRetries = null;
        int? priority = null;
        DateTimeOffset? runAt = null;
        int? timeoutSeconds = null;
        var dependsOn = ImmutableArray<string>.Empty;
        string? queue = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var unknown = new List<string>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (Text(ref reader) is not { } name)
            {
                return Fail("a field name is not UTF-8 text", "save the input as UTF-8");
            }
            if (!seen.Add(name))
            {
                return Fail($"the field \"{name}\" appears twice", "give each field once");
            }
            reader.Read();
            switch (name)
            {
                case JobFields.Id:
                    if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Null))
                    {
                        return Fail($"\"id\" must be a string, not {Describe(ref reader)}", "quote the id");
                    }
                    if (reader.TokenType == JsonTokenType.String && Text(ref reader) is null)
                    {
                        return Fail("\"id\" is not UTF-8 text", "save the input as UTF-8");
                    }
                    id = reader.TokenType == JsonTokenType.Null ? null : Text(ref reader);
                    break;
                case JobFields.Command:
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        return Fail($"\"command\" must be a string, not {Describe(ref reader)}",
                            "give the shell command as one string, e.g. \"command\":\"echo hi\"");
                    }
                    command = Text(ref reader);
                    if (command is null)
                    {
                        return Fail("\"command\" is not UTF-8 text", "save the input as UTF-8");
                    }
                    break;
                case JobFields.MaxRetries:
                    if (OptionalWholeNumber(ref reader, name, RetriesRule, RetriesProblem, ref maxRetries) is { } retriesProblem)
                    {
                        return (null, retriesProblem);
                    }
                    break;
                case JobFields.Priority:
                    if (OptionalWholeNumber(ref reader, name, JobPriority.Rule, PriorityProblem, ref priority) is { } priorityProblem)
                    {
                        return (null, priorityProblem);
                    }
                    break;
                case JobFields.RunAt:
                    if (reader.TokenType == JsonTokenType.Null)
                    {
                        break;
                    }
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        return Fail($"\"run_at\" must be a string, not {Describe(ref reader)}",
                            $"give an ISO 8601 time with a UTC offset in quotes, e.g. \"run_at\":\"{RunAtText.Example}\"");
                    }
                    if (Text(ref reader) is not { } time)
                    {
                        return Fail("\"run_at\" is not UTF-8 text", "save the input as UTF-8");
                    }
                    var (at, runAtProblem) = RunAtText.Parse(time, "\"run_at\"");
                    if (runAtProblem is not null)
                    {
                        return (null, runAtProblem);
                    }
                    runAt = at;
                    break;
                case JobFields.TimeoutSeconds:
                    if (OptionalWholeNumber(ref reader, name, JobTimeout.Rule, TimeoutProblem, ref timeoutSeconds) is { } timeoutProblem)
                    {
                        return (null, timeoutProblem);
                    }
                    break;
                case JobFields.DependsOn:
                    var (ids, dependsOnProblem) = JobIdList(ref reader);
                    if (dependsOnProblem is not null)
                    {
                        return (null, dependsOnProblem);
                    }
                    dependsOn = ids;
                    break;
                case JobFields.Queue:
                    if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Null))
                    {
                        return Fail($"\"queue\" must be a string, not {Describe(ref reader)}", "give the queue's name in quotes, e.g. \"queue\":\"emails\"");
                    }
                    queue = reader.TokenType == JsonTokenType.Null ? null : Text(ref reader);
                    if (queue is not null && QueueNames.Problem(queue) is { } queueProblem)
                    {
                        return Fail(queueProblem, QueueNames.Rule);
                    }
                    break;
                default:
                    unknown.Add(name);
                    reader.Skip();
                    break;
            }
        }

        if (unknown.Count > 0)
        {
            return Fail(UnknownFields(unknown), $"use only the fields {JobFields.SupportedList}");
        }
        if (command is null)
        {
            return Fail("the job has no \"command\"", "add \"command\":\"<shell command>\"");
        }
        if (CommandProblem(command) is { } commandProblem)
        {
            return (null, commandProblem);
        }
        if (id is not null && IdProblem(id) is { } idProblem)
        {
            return (null, idProblem);
        }
        if (DependsOnProblem(id, dependsOn) is { } dependencyProblem)
        {
            return (null, dependencyProblem);
        }
        return (new JobSubmission(id, command, maxRetries, priority ?? 0, runAt, timeoutSeconds, dependsOn.IsEmpty ? default : dependsOn, queue), null);
    }

    /// <summary>The host's own check of a dependency list (<see cref="JobDependencies.Problem"/>); whether each exists is the host's to say.</summary>
    public static InputProblem? DependsOnProblem(string? id, ImmutableArray<string> dependsOn) =>
        JobDependencies.Problem(id ?? "", dependsOn) is { } problem
            ? new InputProblem($"the job {problem}", $"{JobDependencies.Rule}; each a job id ({JobIds.Rule})")
            : null;

    /// <summary>"depends_on": an array of job id strings (null or absent: none).</summary>
    private static (ImmutableArray<string> Ids, InputProblem? Problem) JobIdList(ref Utf8JsonReader reader)
    {
        const string Fix = "give the ids of the jobs to wait for as an array of strings, e.g. \"depends_on\":[\"job1\",\"job2\"]";
        if (reader.TokenType == JsonTokenType.Null)
        {
            return (ImmutableArray<string>.Empty, null);
        }
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return ([], new InputProblem($"\"depends_on\" must be an array of job ids, not {Describe(ref reader)}", Fix));
        }
        var ids = ImmutableArray.CreateBuilder<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                return ([], new InputProblem($"\"depends_on\" holds {Describe(ref reader)}; it must hold job ids", Fix));
            }
            if (Text(ref reader) is not { } dependency)
            {
                return ([], new InputProblem("\"depends_on\" is not UTF-8 text", "save the input as UTF-8"));
            }
            ids.Add(dependency);
        }
        return (ids.ToImmutable(), null);
    }

    /// <summary>The host's own check (<see cref="JobCommands.Check"/>, one size limit for both), in the CLI's words.</summary>
    public static InputProblem? CommandProblem(string command) => JobCommands.Check(command) switch
    {
        null => null,
        JobCommands.Fault.Empty => new InputProblem("the command is empty", "give the shell command to run, e.g. \"echo hi\""),
        JobCommands.Fault.HasNul => new InputProblem(
            "the command has a NUL character (\\u0000), which a shell command cannot contain", "remove it"),
        JobCommands.Fault.TooLong tooLong => new InputProblem(
            string.Create(CultureInfo.InvariantCulture,
                $"the command is {tooLong.Bytes:N0} bytes long; at most {JobCommands.MaxBytes:N0} are allowed (one argument of /bin/sh -c)"),
            JobCommands.TooLongFix),
        _ => throw new ArgumentOutOfRangeException(nameof(command)),
    };

    public static InputProblem? IdProblem(string id) =>
        JobIds.Problem(id) is { } problem
            ? new InputProblem(problem, $"{JobIds.Rule}, or leave the id out to get a generated one")
            : null;

    private static readonly string RetriesRule = $"use a number from 0 to {QueueSettings.MaxRetriesLimit}";

    public static InputProblem? RetriesProblem(long retries) =>
        retries is < 0 or > QueueSettings.MaxRetriesLimit ? new InputProblem($"max_retries is {retries}", RetriesRule) : null;

    /// <summary>
    /// A whole-number field that may be null (left unset): anything else must be a whole number that
    /// <paramref name="problem"/> accepts, else the problem is returned and <paramref name="value"/> is left alone.
    /// </summary>
    private static InputProblem? OptionalWholeNumber(
        ref Utf8JsonReader reader, string field, string rule, Func<long, InputProblem?> problem, ref int? value)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        if (WholeNumber(ref reader) is not { } number)
        {
            return new InputProblem($"\"{field}\" must be a whole number, not {Describe(ref reader)}", $"{rule}, without quotes");
        }
        if (problem(number) is { } refused)
        {
            return refused;
        }
        value = (int)number;
        return null;
    }

    public static InputProblem? PriorityProblem(long priority) =>
        JobPriority.Problem(priority) is { } problem ? new InputProblem(problem, JobPriority.Rule) : null;

    public static InputProblem? TimeoutProblem(long seconds) =>
        JobTimeout.Problem(seconds) is { } problem ? new InputProblem(problem, JobTimeout.Rule) : null;

    private static (JobSubmission?, InputProblem?) Fail(string what, string fix) => (null, new InputProblem(what, fix));

    /// <summary>Every field the job may not have, named.</summary>
    private static string UnknownFields(List<string> names) =>
        $"unknown field{(names.Count == 1 ? "" : "s")} {string.Join(", ", names.Select(f => $"\"{JobIds.Shown(f)}\""))}";

    /// <summary>A string token's text, or null when its bytes are not valid UTF-8.</summary>
    private static string? Text(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>A whole number, also written as 3.0 or 1e2; null for a fraction, a string or anything else.</summary>
    private static long? WholeNumber(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            return null;
        }
        if (reader.TryGetInt64(out var whole))
        {
            return whole;
        }
        return reader.TryGetDouble(out var number) && double.IsFinite(number) && Math.Floor(number) == number
            ? (long)Math.Clamp(number, long.MinValue, long.MaxValue)
            : null;
    }

    /// <summary>A value's kind, and the value itself when it is short: <c>a string ("abc")</c>.</summary>
    private static string Describe(ref Utf8JsonReader reader)
    {
        var kind = Describe(reader.TokenType);
        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Number) || reader.HasValueSequence)
        {
            return kind;
        }
        var raw = reader.ValueSpan;
        if (raw.Length > 40 || !System.Text.Unicode.Utf8.IsValid(raw))
        {
            return kind;
        }
        var text = JobIds.Shown(System.Text.Encoding.UTF8.GetString(raw));
        return reader.TokenType == JsonTokenType.String ? $"{kind} (\"{text}\")" : $"{kind} ({text})";
    }

    public static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };
}
