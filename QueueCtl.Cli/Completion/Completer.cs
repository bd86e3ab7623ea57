using System.Collections.Immutable;
using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Parsing;

namespace QueueCtl.Cli.Completion;

/// <summary>
/// The words that may replace the word at the cursor, computed from the real command tree: System.CommandLine parses
/// the words before the cursor, and the values come from each symbol's <c>CompletionSources</c> (job states, config
/// keys, shells, job ids). What to offer is decided here rather than by <see cref="ParseResult.GetCompletions"/>,
/// which matches by substring (<c>st</c> offers <c>list</c>), offers <c>True</c>/<c>False</c> after every flag
/// (<c>--json</c>), and offers every argument's values at every position (<c>config set KEY</c> offers keys again).
/// </summary>
internal static class Completer
{
    /// <summary>
    /// Completions for <paramref name="line"/>, the command line up to the cursor, program name first (whatever it is
    /// called: <c>./queuectl</c>, an alias). Each is a whole word that starts with the word at the cursor:
    /// <c>--state=pen</c> gives <c>--state=pending</c>. Sorted, no duplicates.
    /// </summary>
    public static ImmutableArray<string> Complete(RootCommand root, string line)
    {
        var (words, current) = ShellWords.Split(line);
        if (words.IsEmpty)
        {
            return []; // the program's own name: the shell completes that
        }
        var args = words.RemoveAt(0);
        var parse = CliApp.Parse(root, args);
        // After `--` every word is an argument: no option, no subcommand.
        var onlyArguments = args.Contains("--");
        var options = onlyArguments ? [] : AvailableOptions(parse.CommandResult);

        IEnumerable<string> candidates;
        if (current.StartsWith('-') && current.IndexOf('=') is > 0 and var equals
            && Find(options, current[..equals]) is { } inline && TakesValue(inline))
        {
            candidates = Values(inline, root, args, current).Select(value => current[..(equals + 1)] + value);
        }
        else if (args.Length > 0 && Find(options, args[^1]) is { } awaiting && TakesValue(awaiting))
        {
            candidates = Values(awaiting, root, args, current);
        }
        else if (current.StartsWith('-') && options.Length > 0)
        {
            candidates = OptionNames(options, parse, aliases: true);
        }
        else
        {
            var command = parse.CommandResult;
            var argument = NextArgument(command);
            candidates = (onlyArguments ? [] : Subcommands(command.Command))
                .Concat(argument is null ? [] : Values(argument, root, args, current))
                .ToList();
            if (!candidates.Any() && argument is null)
            {
                // Nothing else can come here (`queuectl list `): the options are what is left to type.
                candidates = OptionNames(options, parse, aliases: false);
            }
        }
        return [.. candidates.Where(c => c.StartsWith(current, StringComparison.Ordinal)).Distinct().Order(StringComparer.Ordinal)];
    }

    /// <summary>The options of the innermost command and the recursive ones of the commands around it (<c>--json</c>, <c>--host</c>, <c>--help</c>).</summary>
    private static ImmutableArray<Option> AvailableOptions(CommandResult command)
    {
        var options = ImmutableArray.CreateBuilder<Option>();
        options.AddRange(command.Command.Options);
        for (var parent = command.Parent as CommandResult; parent is not null; parent = parent.Parent as CommandResult)
        {
            options.AddRange(parent.Command.Options.Where(o => o.Recursive));
        }
        return options.Where(o => !o.Hidden).ToImmutableArray();
    }

    private static Option? Find(ImmutableArray<Option> options, string name) =>
        options.FirstOrDefault(o => o.Name == name || o.Aliases.Contains(name));

    /// <summary>Whether the next word is this option's value; a flag (<c>--json</c>) takes none on a command line.</summary>
    private static bool TakesValue(Option option) =>
        option.Arity.MaximumNumberOfValues > 0 && option.ValueType != typeof(bool) && option.ValueType != typeof(bool?);

    /// <summary>Options not given yet, each by its names that start with a dash (not <c>/?</c>); long names only unless <paramref name="aliases"/>.</summary>
    private static IEnumerable<string> OptionNames(ImmutableArray<Option> options, ParseResult parse, bool aliases) =>
        options
            .Where(o => parse.GetResult(o) is not OptionResult { Implicit: false })
            .SelectMany(o => aliases ? o.Aliases.Prepend(o.Name) : [o.Name])
            .Where(name => name.StartsWith('-'));

    private static IEnumerable<string> Subcommands(Command command) =>
        command.Subcommands.Where(c => !c.Hidden).SelectMany(c => c.Aliases.Prepend(c.Name));

    /// <summary>The argument the next word fills, counting the argument words the command already has; null when it takes no more.</summary>
    private static Argument? NextArgument(CommandResult command)
    {
        var given = command.Children.OfType<ArgumentResult>().Sum(a => a.Tokens.Count);
        foreach (var argument in command.Command.Arguments)
        {
            var max = argument.Arity.MaximumNumberOfValues;
            if (given < max)
            {
                return argument;
            }
            given -= max;
        }
        return null;
    }

    /// <summary>
    /// The symbol's completion sources, run with System.CommandLine's context for the whole line (so a source can read
    /// <c>--host</c>, as the job-id source does); filtering by the word at the cursor is left to the caller.
    /// </summary>
    private static IEnumerable<string> Values(Symbol symbol, RootCommand root, ImmutableArray<string> args, string current)
    {
        var context = CliApp.Parse(root, args.Add(current)).GetCompletionContext();
        return symbol.GetCompletions(context).Select(item => item.Label);
    }
}
