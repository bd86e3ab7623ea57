using System.CommandLine;
using QueueCtl.Actors.Protocol;
using QueueCtl.Cli.Hosting;

namespace QueueCtl.Cli.Commands;

/// <summary>
/// <c>queuectl dashboard</c> → <see cref="OpenDashboard"/> (to the host-control actor) → <see cref="DashboardOpened"/>:
/// prints the dashboard's URL with a one-time token, and opens it in a browser where one can be shown.
/// </summary>
internal static class DashboardCommand
{
    public static Command Create(CliContext cli)
    {
        var command = new Command("dashboard",
            "Print the URL of the host's web dashboard, holding a one-time token, and open it in a browser where one is " +
            "available (with --json only print it)");
        cli.SetAction(command, (parse, cancellation) => cli.WithClientAsync(parse, async (client, token) =>
        {
            if (client.Protocol.Version < 5)
            {
                return CliOutcome.Error(ExitCodes.Refused,
                    $"the host at {client.Address} (version {client.Protocol.HostVersion}) has no dashboard",
                    "use a queuectl host of the same version as this CLI");
            }
            var reply = await client.AskHostControlAsync(OpenDashboard.Instance, QueueClient.DefaultAskTimeout, token);
            // The token works once: a browser opened for a --json caller would spend the link that caller asked for.
            if (reply is DashboardOpened opened && !cli.WantsJson(parse))
            {
                BrowserLauncher.TryOpen(opened.Url);
            }
            return cli.Render(parse, reply);
        }, cancellation));
        return command;
    }
}
