using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;

namespace QueueCtl.Cli.Completion;

/// <summary>
/// What System.CommandLine's <c>[suggest]</c> directive does in queuectl: <c>queuectl "[suggest:N]" "LINE"</c> prints
/// the completions for LINE with the cursor at N (the end of LINE without <c>:N</c>), one per line, exit 0. The
/// scripts of <c>queuectl completion</c> call it with the line up to the cursor. It replaces the directive's own
/// action only to split LINE as a shell does (<see cref="ShellWords"/>) and choose as <see cref="Completer"/> does.
/// Nothing here starts an actor system unless the word is a job id (<see cref="JobIdCompletions"/>).
/// </summary>
internal sealed class SuggestAction(SuggestDirective directive) : SynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        var line = parseResult.Tokens.LastOrDefault(t => t.Type != TokenType.Directive)?.Value ?? "";
        var position = parseResult.GetResult(directive)?.Values.SingleOrDefault();
        if (int.TryParse(position, out var cursor) && cursor >= 0 && cursor < line.Length)
        {
            line = line[..cursor];
        }
        var root = (RootCommand)parseResult.RootCommandResult.Command;
        var output = parseResult.InvocationConfiguration.Output;
        foreach (var completion in Completer.Complete(root, line))
        {
            output.WriteLine(completion);
        }
        return ExitCodes.Ok;
    }
}
