using System.CommandLine;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;

namespace QueueCtl.Cli.Commands;

/// <summary><c>queuectl config set KEY VALUE</c> → <see cref="SetConfig"/> → <see cref="ConfigView"/>; persisted in the host.</summary>
internal static class ConfigSetCommand
{
    /// <summary>Only used to run <see cref="QueueSettings.With"/>'s checks locally; the host keeps the real values.</summary>
    private static readonly QueueSettings AnySettings = new(MaxRetries: 3, BackoffBase: 2, BackoffMaxSeconds: 3600);

    public static Command Create(CliContext cli)
    {
        var key = ConfigKeys.CreateArgument();
        var value = new Argument<string>("VALUE") { Description = "The new value" };
        var command = new Command("set", "Change one setting (stored in the host; applies to jobs enqueued or retried from now on)") { key, value };
        cli.SetAction(command, (parse, cancellation) =>
        {
            var (request, problem) = ToRequest(parse.GetValue(key)!, parse.GetValue(value)!);
            return problem is not null ? Task.FromResult(problem) : cli.RequestAsync(parse, request!, cancellation);
        });
        return command;
    }

    public static (SetConfig? Request, CliOutcome? Problem) ToRequest(string key, string value)
    {
        var (normalized, keyProblem) = ConfigKeys.Normalize(key);
        if (keyProblem is not null)
        {
            return (null, keyProblem);
        }
        var (_, error) = AnySettings.With(normalized!, value);
        return error is not null
            ? (null, CliOutcome.Usage(error, $"see the current values with `queuectl config show`"))
            : (new SetConfig(normalized!, value.Trim()), null);
    }
}
