using System.CommandLine;
using QueueCtl.Actors.Protocol;
using QueueCtl.Cli.Output;

namespace QueueCtl.Cli.Commands;

/// <summary><c>queuectl config get KEY</c> → <see cref="GetConfig"/> → the one value of <see cref="ConfigView"/>.</summary>
internal static class ConfigGetCommand
{
    public static Command Create(CliContext cli)
    {
        var key = ConfigKeys.CreateArgument();
        var command = new Command("get", "Print the value of one setting") { key };
        cli.SetAction(command, (parse, cancellation) =>
        {
            var (normalized, problem) = ConfigKeys.Normalize(parse.GetValue(key)!);
            return problem is not null
                ? Task.FromResult(problem)
                : cli.RequestAsync(parse, GetConfig.Instance, cancellation, view: reply => ToEntry(reply, normalized!));
        });
        return command;
    }

    public static object ToEntry(object reply, string key) => reply switch
    {
        ConfigView view when view.Values.TryGetValue(key, out var value) => new ConfigEntry(key, value),
        ConfigView => new CommandRejected(RejectionKind.NotFound, $"the host has no setting '{key}'"),
        _ => reply,
    };
}
