using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using QueueCtl.Actors.Hosting;
using QueueCtl.Cli.Commands;
using QueueCtl.Cli.Completion;

namespace QueueCtl.Cli;

/// <summary>
/// The command tree and the rules every command shares: parse errors exit 2 in the house error format,
/// <c>--version</c> prints <see cref="QueueCtlConfig.Version"/>, <c>@job.json</c> is a job file, not a response file,
/// and the <c>[suggest]</c> directive computes shell completions (<see cref="SuggestAction"/>).
/// </summary>
internal static class CliApp
{
    public static RootCommand Build(CliContext cli)
    {
        var root = new RootCommand(
            "queuectl: a background job queue for shell commands. A host node keeps the queue and runs jobs with a pool of " +
            "workers; this CLI sends it one command at a time. Exit codes: 0 done, 1 refused by the host, 2 bad usage or " +
            "input, 3 host unreachable, 4 (wait) a job ended dead.")
        {
            EnqueueCommand.Create(cli),
            WorkerCommand.Create(cli),
            StatusCommand.Create(cli),
            MetricsCommand.Create(cli),
            DashboardCommand.Create(cli),
            ListCommand.Create(cli),
            ShowCommand.Create(cli),
            LogsCommand.Create(cli),
            DlqCommand.Create(cli),
            ConfigCommand.Create(cli),
            WaitCommand.Create(cli),
            CancelCommand.Create(cli),
            CleanCommand.Create(cli),
            QueueCommand.Create(cli),
            ScheduleCommand.Create(cli),
            HostCommand.Create(cli),
            CompletionCommand.Create(cli),
        };
        root.Add(cli.Json);
        root.Add(cli.Host);
        foreach (var version in root.Options.OfType<VersionOption>())
        {
            version.Action = new PrintVersion(cli.Console);
        }
        foreach (var suggest in root.Directives.OfType<SuggestDirective>())
        {
            suggest.Action = new SuggestAction(suggest);
        }
        return root;
    }

    public static ParseResult Parse(RootCommand root, IReadOnlyList<string> args) =>
        root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });

    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellation = default)
    {
        var cli = new CliContext(console, () => DateTimeOffset.UtcNow);
        var root = Build(cli);
        var parse = Parse(root, args.Length == 0 ? ["--help"] : args);
        if (parse.Action is ParseErrorAction)
        {
            return UsageErrors(parse).WriteTo(console);
        }
        var exitCode = await parse.InvokeAsync(new InvocationConfiguration { Output = console.Out, Error = console.Error }, cancellation);
        return args.Length == 0 ? ExitCodes.Usage : exitCode;
    }

    /// <summary>Every parse error as <c>queuectl: what; see `queuectl CMD --help`</c>.</summary>
    public static CliOutcome UsageErrors(ParseResult parse)
    {
        var help = $"see `{CommandPath(parse.CommandResult)} --help`";
        var lines = parse.Errors.Select(e => $"queuectl: {e.Message.TrimEnd('.')}; {help}");
        return new CliOutcome(ExitCodes.Usage, Stderr: string.Join('\n', lines));
    }

    private static string CommandPath(CommandResult command)
    {
        var names = new List<string>();
        for (SymbolResult? at = command; at is not null; at = at.Parent)
        {
            if (at is CommandResult { Command: var c })
            {
                names.Add(c is RootCommand ? "queuectl" : c.Name);
            }
        }
        names.Reverse();
        return string.Join(' ', names);
    }

    private sealed class PrintVersion(CliConsole console) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            console.Out.WriteLine(QueueCtlConfig.Version);
            return ExitCodes.Ok;
        }
    }
}
