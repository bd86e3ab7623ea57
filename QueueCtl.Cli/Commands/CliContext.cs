using System.CommandLine;
using QueueCtl.Actors.Hosting;
using QueueCtl.Actors.Protocol;
using QueueCtl.Cli.Output;

namespace QueueCtl.Cli.Commands;

/// <summary>
/// What every command shares: the <c>--json</c> and <c>--host</c> options (recursive, so every command takes them),
/// the console, the clock, and the one path from a parsed command line to a request, its reply, and the exit code.
/// </summary>
internal sealed class CliContext(CliConsole console, Func<DateTimeOffset> clock)
{
    public CliConsole Console { get; } = console;

    public DateTimeOffset Now => clock();

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print machine-readable JSON on stdout (a job is an object, a list is an array)",
        Recursive = true,
    };

    public Option<string?> Host { get; } = new("--host")
    {
        Description = $"The host node, HOST:PORT [default: ${QueueCtlNames.HostEnvironmentVariable}, else {QueueCtlNames.DefaultHost}]",
        HelpName = "HOST:PORT",
        Recursive = true,
    };

    public bool WantsJson(ParseResult parse) => parse.GetValue(Json);

    public (HostAddress? Address, CliOutcome? Problem) ResolveHost(ParseResult parse)
    {
        var (address, error) = HostAddress.Resolve(
            parse.GetValue(Host), Environment.GetEnvironmentVariable(QueueCtlNames.HostEnvironmentVariable));
        return address is not null
            ? (address, null)
            : (null, CliOutcome.Usage(error!, "give the host as HOST:PORT, for example 127.0.0.1:7437"));
    }

    /// <summary>Runs <paramref name="run"/> when the command is invoked and writes its outcome.</summary>
    public void SetAction(Command command, Func<ParseResult, CancellationToken, Task<CliOutcome>> run) =>
        command.SetAction(async (parse, cancellation) => (await run(parse, cancellation)).WriteTo(Console));

    /// <summary>Connects to the host and runs <paramref name="body"/>; a bad <c>--host</c> exits 2 first.</summary>
    public async Task<CliOutcome> WithClientAsync(
        ParseResult parse, Func<QueueClient, CancellationToken, Task<CliOutcome>> body, CancellationToken cancellation)
    {
        var (address, problem) = ResolveHost(parse);
        return problem ?? await QueueClient.RunAsync(address!, body, cancellation);
    }

    /// <summary>
    /// The common case: one request, one reply, rendered. <paramref name="view"/> narrows the reply for
    /// commands that show part of it (<c>config get</c>, <c>dlq list</c>). <paramref name="unbounded"/> waits as
    /// long as the host lives (<c>wait</c>, <c>worker stop --wait</c>).
    /// </summary>
    public Task<CliOutcome> RequestAsync(
        ParseResult parse,
        IQueueCtlMessage request,
        CancellationToken cancellation,
        Func<object, object>? view = null,
        TimeSpan? timeout = null,
        bool unbounded = false) =>
        WithClientAsync(parse, async (client, token) =>
        {
            var reply = await client.AskAsync(request, unbounded ? null : timeout ?? QueueClient.DefaultAskTimeout, token);
            return Render(parse, reply is CommandRejected ? reply : view?.Invoke(reply) ?? reply);
        }, cancellation);

    public CliOutcome Render(ParseResult parse, object reply) => ReplyRenderer.Render(reply, WantsJson(parse), Now);
}
