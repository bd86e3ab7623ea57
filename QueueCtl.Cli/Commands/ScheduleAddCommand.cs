using System.CommandLine;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;
using QueueCtl.Cli.Completion;
using QueueCtl.Cli.Input;

namespace QueueCtl.Cli.Commands;

/// <summary>
/// <c>queuectl schedule add NAME "CRON" COMMAND [--tz ZONE] [--max-retries N] [--priority N] [--timeout D]</c> →
/// <see cref="AddSchedule"/> → <see cref="ScheduleAccepted"/>. The name, the cron text and the command are checked here
/// with the host's own rules (exit 2 without a call); the zone only by the host, whose zone database is the one that counts.
/// </summary>
internal static class ScheduleAddCommand
{
    public static Command Create(CliContext cli)
    {
        var name = new Argument<string>("NAME") { Description = $"The schedule's name; each job is NAME:FIRING-TIME ({ScheduleNames.Rule})" };
        var cron = new Argument<string>("CRON")
        {
            Description = "When, quoted: 5 fields (minute hour day-of-month month day-of-week), e.g. \"0 2 * * *\", or 6 with seconds first",
        };
        var command = new Argument<string>("COMMAND") { Description = "The shell command each firing runs, quoted as one word" };
        var zone = new Option<string?>("--tz")
        {
            Description = "The IANA time zone the cron times are in, e.g. Europe/Paris [default: UTC]",
            HelpName = "ZONE",
        };
        zone.CompletionSources.Add(_ => TimeZoneIds());
        var maxRetries = new Option<int?>("--max-retries")
        {
            Description = "Retries after the first run of each job [default: config max-retries at each firing]",
            HelpName = "N",
            CustomParser = result => WholeNumbers.Parse(result, "--max-retries"),
        };
        var priority = new Option<int?>("--priority")
        {
            Description = $"Priority of each job, from {JobPriority.Min} to {JobPriority.Max} [default: 0]",
            HelpName = "N",
            CustomParser = result => WholeNumbers.Parse(result, "--priority"),
        };
        var timeout = new Option<string?>("--timeout")
        {
            Description = "Kill a run that takes longer: 90s, 5m, 2h [default: config job-timeout-seconds at each firing]",
            HelpName = "DURATION",
        };
        var queue = QueueNameOption.Create("The queue its jobs go to [default: default]");
        var add = new Command("add", "Add a recurring job") { name, cron, command, zone, maxRetries, priority, timeout, queue };
        cli.SetAction(add, (parse, cancellation) =>
        {
            var (request, problem) = ToRequest(parse.GetValue(name)!, parse.GetValue(cron)!, parse.GetValue(command)!,
                parse.GetValue(zone), parse.GetValue(maxRetries), parse.GetValue(priority), parse.GetValue(timeout), parse.GetValue(queue));
            return problem is not null ? Task.FromResult(problem) : cli.RequestAsync(parse, request!, cancellation);
        });
        return add;
    }

    public static (AddSchedule? Request, CliOutcome? Problem) ToRequest(
        string name, string cron, string command, string? zone = null, int? maxRetries = null, int? priority = null, string? timeout = null,
        string? queue = null)
    {
        if (QueueNameOption.Problem(queue) is { } queueProblem)
        {
            return (null, queueProblem);
        }
        if (ScheduleNames.Problem(name) is { } nameProblem)
        {
            return (null, CliOutcome.Usage(nameProblem, ScheduleNames.Rule));
        }
        if (CronTimes.Parse(cron).Problem is { } cronProblem)
        {
            return (null, CliOutcome.Usage(cronProblem, CronTimes.Rule + " (quote it)"));
        }
        if (JobCommands.Check(command) is not null)
        {
            return (null, CliOutcome.Usage($"schedule '{name}' {JobCommands.Problem(command)}", "give the shell command to run as one quoted word"));
        }
        int? timeoutSeconds = null;
        if (timeout is not null)
        {
            var (seconds, problem) = DelayText.ParseTimeout(timeout);
            if (problem is not null)
            {
                return (null, problem.ToOutcome());
            }
            timeoutSeconds = seconds;
        }
        return (new AddSchedule(name, cron, command, zone, maxRetries, priority ?? 0, timeoutSeconds, queue), null);
    }

    private static IEnumerable<string> TimeZoneIds()
    {
        try
        {
            return TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Append(CronTimes.DefaultZone);
        }
        catch (Exception)
        {
            return []; // no zone database: a completion offers nothing rather than fail in the user's shell
        }
    }
}
