using System.CommandLine;
using QueueCtl.Actors.Domain;

namespace QueueCtl.Cli.Commands;

/// <summary>The <c>--queue NAME</c> of <c>enqueue</c> and <c>worker start|stop</c>, and the NAME of <c>queue pause|resume</c>, checked before the host is asked.</summary>
internal static class QueueNameOption
{
    public static Option<string?> Create(string description) => new("--queue", "-q") { Description = description, HelpName = "NAME" };

    public static CliOutcome? Problem(string? name) => name is not null && QueueNames.Problem(name) is { } problem
        ? CliOutcome.Usage(problem, $"{QueueNames.Rule}; `queuectl queue list` shows the queues there are")
        : null;
}
