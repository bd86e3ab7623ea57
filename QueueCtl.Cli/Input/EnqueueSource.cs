namespace QueueCtl.Cli.Input;

/// <summary>
/// Where <c>queuectl enqueue</c> takes its jobs from, decided by the argument's shape:
/// <c>'{...}'</c> or <c>'[...]'</c> inline JSON, <c>@job.json</c> or <c>--file F</c> a file, <c>-</c> stdin,
/// anything else a plain shell command.
/// </summary>
internal abstract record EnqueueSource
{
    private EnqueueSource()
    {
    }

    public sealed record PlainCommand(string Command) : EnqueueSource;

    public sealed record InlineJson(string Json) : EnqueueSource;

    public sealed record JsonFile(string Path) : EnqueueSource;

    public sealed record StandardInput : EnqueueSource;

    /// <summary>True for every form that carries JSON (and so its own id and max_retries).</summary>
    public bool IsJson => this is not PlainCommand;

    public static (EnqueueSource? Source, InputProblem? Problem) Choose(IReadOnlyList<string> arguments, string? file)
    {
        // An option enqueue does not know reaches here as an argument: refused, not run as (part of) a command.
        if (arguments.FirstOrDefault(a => a.Length > 1 && a[0] == '-') is { } option)
        {
            return (null, new InputProblem(
                $"unknown option '{option}'",
                "see `queuectl enqueue --help`; a command with options of its own goes in quotes: queuectl enqueue \"ls -l\""));
        }
        if (arguments.Count > 1)
        {
            return (null, new InputProblem(
                $"enqueue takes one job argument but got {arguments.Count} ('{string.Join("' '", arguments)}')",
                $"quote the command as one argument: queuectl enqueue \"{string.Join(' ', arguments)}\""));
        }
        var argument = arguments.Count == 1 ? arguments[0] : null;
        if (file is not null)
        {
            return argument is null
                ? (new JsonFile(file), null)
                : (null, new InputProblem("give either a job argument or --file, not both", "use one of the forms of `queuectl enqueue --help`"));
        }
        if (argument is null)
        {
            return (null, new InputProblem("nothing to enqueue",
                "give a command (queuectl enqueue \"echo hi\"), JSON ('{\"command\":\"echo hi\"}'), @FILE, --file FILE, or - for stdin"));
        }
        var trimmed = argument.TrimStart();
        return argument switch
        {
            "-" => (new StandardInput(), null),
            ['@', .. var path] when path.Length > 0 => (new JsonFile(path), null),
            _ when trimmed.StartsWith('{') || trimmed.StartsWith('[') => (new InlineJson(argument), null),
            _ => (new PlainCommand(argument), null),
        };
    }
}
