using System.Text;
using QueueCtl.Actors.Protocol;

namespace QueueCtl.Cli.Input;

/// <summary>Reads and checks every job of an <c>enqueue</c> source; nothing is sent unless all of them are valid.</summary>
internal static class EnqueueInput
{
    public static (List<JobSubmission> Jobs, InputProblem? Problem) Read(
        EnqueueSource source, PlainJobOptions options, Func<Stream> openStandardInput)
    {
        if (source.IsJson && options.AnyGiven)
        {
            return ([], new InputProblem(
                "--id, --max-retries, --priority, --delay, --run-at, --timeout, --after and --queue apply to a plain command only",
                "put \"id\", \"max_retries\", \"priority\", \"run_at\", \"timeout_seconds\", \"depends_on\" and \"queue\" into the JSON instead"));
        }
        switch (source)
        {
            case EnqueueSource.PlainCommand plain:
                return Plain(plain.Command, options);
            case EnqueueSource.InlineJson inline:
                using (var stream = new MemoryStream(Encoding.UTF8.GetBytes(inline.Json)))
                {
                    return JobInputReader.ReadAll(stream, "the JSON argument");
                }
            case EnqueueSource.JsonFile file:
                return ReadFile(file.Path);
            default:
                using (var stdin = openStandardInput())
                {
                    return JobInputReader.ReadAll(stdin, "stdin");
                }
        }
    }

    private static (List<JobSubmission>, InputProblem?) Plain(string command, PlainJobOptions options)
    {
        var problem = JobObjectParser.CommandProblem(command)
                      ?? NotUtf8Problem(command)
                      ?? (options.Id is { } id ? JobObjectParser.IdProblem(id) : null)
                      ?? (options.MaxRetries is { } retries ? JobObjectParser.RetriesProblem(retries) : null)
                      ?? (options.Priority is { } priority ? JobObjectParser.PriorityProblem(priority) : null)
                      ?? JobObjectParser.DependsOnProblem(options.Id, options.DependsOn);
        return problem is not null
            ? ([], problem)
            : ([new JobSubmission(options.Id, command, options.MaxRetries, options.Priority ?? 0, options.RunAt, options.TimeoutSeconds, options.DependsOn, options.Queue)], null);
    }

    /// <summary>
    /// .NET decodes the command line as UTF-8 and puts U+FFFD where bytes are not UTF-8: the job would run other
    /// bytes than those given, so such a command is refused rather than changed.
    /// </summary>
    private static InputProblem? NotUtf8Problem(string command)
    {
        var at = command.IndexOf('\uFFFD');
        return at < 0
            ? null
            : new InputProblem(
                $"the command has bytes that are not UTF-8 text (from character {at + 1} on), which would not reach the shell unchanged",
                "give the command as UTF-8 text (in JSON, a U+FFFD character itself can be written \\ufffd)");
    }

    private static (List<JobSubmission>, InputProblem?) ReadFile(string path)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var reason = e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message.TrimEnd('.');
            return ([], new InputProblem($"cannot read {path}: {reason}", "check the file name (relative to the current directory)"));
        }
        using (stream)
        {
            return JobInputReader.ReadAll(stream, path);
        }
    }
}
