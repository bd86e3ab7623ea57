using System.Text;
using System.Text.Json;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;

namespace QueueCtl.Cli.Input;

/// <summary>
/// One job object (<c>{"id":"job1","command":"echo hi","max_retries":3}</c>) into a <see cref="JobSubmission"/>,
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
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
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
                        return Fail($"\"id\" must be a string, not {Describe(reader.TokenType)}", "quote the id");
                    }
                    id = reader.GetString();
                    break;
                case JobFields.Command:
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        return Fail($"\"command\" must be a string, not {Describe(reader.TokenType)}",
                            "give the shell command as one string, e.g. \"command\":\"echo hi\"");
                    }
                    command = reader.GetString();
                    break;
                case JobFields.MaxRetries:
                    if (reader.TokenType == JsonTokenType.Null)
                    {
                        break;
                    }
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var retries))
                    {
                        return Fail($"\"max_retries\" must be a whole number, not {Describe(reader.TokenType)}",
                            $"use a number from 0 to {QueueSettings.MaxRetriesLimit}");
                    }
                    if (RetriesProblem(retries) is { } retriesProblem)
                    {
                        return (null, retriesProblem);
                    }
                    maxRetries = retries;
                    break;
                default:
                    return Fail(JobFields.NotYetSupported.Contains(name)
                            ? $"the field \"{name}\" is not supported yet"
                            : $"unknown field \"{name}\"",
                        $"use only the fields {JobFields.SupportedList}");
            }
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
        return (new JobSubmission(id, command, maxRetries), null);
    }

    public static InputProblem? CommandProblem(string command)
    {
        if (string.IsNullOrWhiteSpace(command))
        {
            return new InputProblem("the command is empty", "give the shell command to run, e.g. \"echo hi\"");
        }
        var bytes = Encoding.UTF8.GetByteCount(command);
        return bytes > JobFields.MaxCommandBytes
            ? new InputProblem($"the command is {bytes} bytes long; at most {JobFields.MaxCommandBytes} are allowed",
                "put a long script in a file and enqueue a command that runs it")
            : null;
    }

    public static InputProblem? IdProblem(string id) =>
        JobIds.Problem(id) is { } problem
            ? new InputProblem(problem, $"{JobIds.Rule}, or leave the id out to get a generated one")
            : null;

    public static InputProblem? RetriesProblem(int retries) =>
        retries is < 0 or > QueueSettings.MaxRetriesLimit
            ? new InputProblem($"max_retries is {retries}", $"use a number from 0 to {QueueSettings.MaxRetriesLimit}")
            : null;

    private static (JobSubmission?, InputProblem?) Fail(string what, string fix) => (null, new InputProblem(what, fix));

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
