using System.Text;
using System.Text.Json;
using Akka.Actor;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Hosting;
using QueueCtl.Actors.Protocol;
using QueueCtl.Tests.EndToEnd.Support;

namespace QueueCtl.Tests.EndToEnd;

/// <summary>
/// Issue 11, section 4, on one real host and the real CLI: each bad input gets a clear message on stderr in the house
/// format (<c>queuectl: what; how to fix it</c>), the documented exit code (2 bad usage or input, 1 refused by the
/// host), nothing on stdout, and changes nothing: the queue's counts, the workers and the config are the same before
/// and after, and no job with the input's ids exists.
/// </summary>
public sealed class BadInputCaseTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private Cli Cli => fixture.Host.Cli;

    /// <summary>Placeholders for values too long to write into an attribute.</summary>
    private static string Expand(string text) => text
        .Replace("{id129}", new string('i', JobIds.MaxLength + 1))
        .Replace("{limit+1}", new string('x', JobCommands.MaxBytes + 1))
        .Replace("{limit+1 in é}", new string('é', (JobCommands.MaxBytes + 1) / 2));

    [Theory]
    [InlineData("""{"id":"bi-comma","command":"true",}""", "invalid JSON in job 1 at line 1, column 35: the JSON object contains a trailing comma", "bi-comma")]
    [InlineData("""{"id":"bi-nocomma" "command":"true"}""", "invalid JSON in job 1 at line 1, column 20", "bi-nocomma")]
    [InlineData("""{"id":"bi-open","command":"true" """, "job 1, from line 1, column 1, ends before its closing '}'", "bi-open")]
    [InlineData("""{"id":"bi-type","command":"true","max_retries":"abc"}""", "\"max_retries\" must be a whole number, not a string (\"abc\")", "bi-type")]
    [InlineData("""{"id":"bi-frac","command":"true","max_retries":2.5}""", "\"max_retries\" must be a whole number, not a number (2.5)", "bi-frac")]
    [InlineData("""{"id":"bi-cmdnum","command":42}""", "\"command\" must be a string, not a number (42)", "bi-cmdnum")]
    [InlineData("""{"id":7,"command":"true"}""", "\"id\" must be a string, not a number (7)", null)]
    [InlineData("""{"id":"bi-nocmd"}""", "the job has no \"command\"", "bi-nocmd")]
    [InlineData("""{"id":"bi-empty","command":""}""", "the command is empty", "bi-empty")]
    [InlineData("""{"id":"bi-blank","command":" \t "}""", "the command is empty", "bi-blank")]
    [InlineData("""{"id":"bi-nul","command":"echo a\u0000b"}""", "the command has a NUL character (\\u0000)", "bi-nul")]
    [InlineData("""{"id":"bi-unknown","command":"true","colour":"blue","retries":3}""", "unknown fields \"colour\", \"retries\"; use only the fields id, command, max_retries", "bi-unknown")]
    [InlineData("""{"id":"bi-later","command":"true","depends_on":[1]}""", "\"depends_on\" holds a number (1); it must hold job ids", "bi-later")]
    [InlineData("""{"id":"bi-self","command":"true","depends_on":["bi-self"]}""", "the job depends on itself", "bi-self")]
    [InlineData("""{"id":"bi-prio-str","command":"true","priority":"high"}""", "\"priority\" must be a whole number, not a string (\"high\")", "bi-prio-str")]
    [InlineData("""{"id":"bi-prio-frac","command":"true","priority":1.5}""", "\"priority\" must be a whole number, not a number (1.5)", "bi-prio-frac")]
    [InlineData("""{"id":"bi-prio-big","command":"true","priority":1001}""", "priority 1001 is out of range; use a whole number from -1000 to 1000", "bi-prio-big")]
    [InlineData("""{"id":"bi-prio-low","command":"true","priority":-1001}""", "priority -1001 is out of range", "bi-prio-low")]
    [InlineData("""{"id":"bi-runat-local","command":"true","run_at":"2026-12-01T10:00:00"}""", "\"run_at\" '2026-12-01T10:00:00' has no UTC offset; add Z for UTC", "bi-runat-local")]
    [InlineData("""{"id":"bi-runat-word","command":"true","run_at":"tomorrow"}""", "\"run_at\" 'tomorrow' is not a time; write an ISO 8601 time with a UTC offset", "bi-runat-word")]
    [InlineData("""{"id":"bi-runat-num","command":"true","run_at":1764583200}""", "\"run_at\" must be a string, not a number (1764583200)", "bi-runat-num")]
    [InlineData("""{"id":"bi-timeout-neg","command":"true","timeout_seconds":-5}""", "timeout_seconds -5 is out of range; use a whole number of seconds from 1 to 604800", "bi-timeout-neg")]
    [InlineData("""{"id":"bi-timeout-zero","command":"true","timeout_seconds":0}""", "timeout_seconds 0 is out of range", "bi-timeout-zero")]
    [InlineData("""{"id":"bi-timeout-str","command":"true","timeout_seconds":"90s"}""", "\"timeout_seconds\" must be a whole number, not a string (\"90s\")", "bi-timeout-str")]
    [InlineData("""{"id":"bi-twice","command":"true","command":"false"}""", "the field \"command\" appears twice", "bi-twice")]
    [InlineData("""{"id":"bi/slash","command":"true"}""", "job id 'bi/slash' contains '/'", null)]
    [InlineData("""{"id":"..","command":"true"}""", "job id '..' contains '..', which a path reads as a directory", null)]
    [InlineData("""{"id":"bi..up","command":"true"}""", "job id 'bi..up' contains '..'", null)]
    [InlineData("""{"id":".","command":"true"}""", "job id '.' is '.'", null)]
    [InlineData("""{"id":"bi space","command":"true"}""", "job id 'bi space' contains ' '", null)]
    [InlineData("""{"id":"bi\u0007bell","command":"true"}""", "job id 'bi\\u0007bell' contains the control character U+0007", null)]
    [InlineData("""{"id":"bi\nline","command":"true"}""", "job id 'bi\\u000Aline' contains the control character U+000A", null)]
    [InlineData("""{"id":"{id129}","command":"true"}""", "job id is 129 characters long; at most 128 are allowed", null)]
    [InlineData("""{"id":"","command":"true"}""", "a job id must not be empty", null)]
    [InlineData("""{"id":"bi-neg","command":"true","max_retries":-1}""", "max_retries is -1; use a number from 0 to 1000", "bi-neg")]
    [InlineData("""{"id":"bi-many","command":"true","max_retries":1001}""", "max_retries is 1001; use a number from 0 to 1000", "bi-many")]
    [InlineData("""["echo hi"]""", "job 1 at line 1, column 2 is a string, not a JSON object", null)]
    [InlineData("""[]""", "the JSON argument holds no jobs", null)]
    [InlineData("""[{"id":"bi-twin","command":"true"},{"id":"bi-twin","command":"false"}]""", "job 2 (line 1): the id 'bi-twin' is already used by job 1 of the input", "bi-twin")]
    public async Task Enqueue_ExitsTwoNamingTheProblem_WhenTheJsonArgumentIsBad(string json, string says, string? absentId)
    {
        var result = await RefusedAsync(2, ["enqueue", Expand(json)], stdin: null, says, absentId);
        Assert.StartsWith("queuectl: the JSON argument", result.Stderr);
    }

    [Theory]
    [InlineData("job id 'bi space' contains ' '", "enqueue", "--id", "bi space", "true")]
    [InlineData("job id 'bi\\u0009tab' contains the control character U+0009", "enqueue", "--id", "bi\ttab", "true")]
    [InlineData("job id '..' contains '..'", "enqueue", "--id", "..", "true")]
    [InlineData("job id is 129 characters long", "enqueue", "--id", "{id129}", "true")]
    [InlineData("the command is empty", "enqueue", "--id", "bi-plain-empty", "")]
    [InlineData("max_retries is -1", "enqueue", "--id", "bi-plain-neg", "--max-retries", "-1", "true")]
    [InlineData("--max-retries must be a whole number, not 'abc'", "enqueue", "--id", "bi-plain-abc", "--max-retries", "abc", "true")]
    [InlineData("unknown option '--colour'", "enqueue", "--colour", "blue", "true")]
    [InlineData("unknown option '--dry-run'", "enqueue", "--dry-run")]
    [InlineData("--id, --max-retries, --priority, --delay, --run-at, --timeout, --after and --queue apply to a plain command only", "enqueue", "--id", "bi-mixed", """{"command":"true"}""")]
    [InlineData("--timeout 5 has no unit; write 5s, 5m, 5h or 5d", "enqueue", "--id", "bi-timeout-bare", "--timeout", "5", "true")]
    [InlineData("--timeout -5s is negative; give how long a run may take", "enqueue", "--id", "bi-timeout-neg", "--timeout", "-5s", "true")]
    [InlineData("--timeout 0s is zero", "enqueue", "--id", "bi-timeout-zero", "--timeout", "0s", "true")]
    [InlineData("--timeout 'soon' is not a duration", "enqueue", "--id", "bi-timeout-word", "--timeout", "soon", "true")]
    [InlineData("--timeout 8d is too long; a run may take at most 7d", "enqueue", "--id", "bi-timeout-long", "--timeout", "8d", "true")]
    [InlineData("--delay 5 has no unit; write 5s, 5m, 5h or 5d", "enqueue", "--id", "bi-delay-bare", "--delay", "5", "true")]
    [InlineData("--delay -5m is negative", "enqueue", "--id", "bi-delay-neg", "--delay", "-5m", "true")]
    [InlineData("--delay '5 minutes' is not a duration", "enqueue", "--id", "bi-delay-words", "--delay", "5 minutes", "true")]
    [InlineData("--delay 3651d is too long; wait at most 3650d", "enqueue", "--id", "bi-delay-long", "--delay", "3651d", "true")]
    [InlineData("--run-at '2026-12-01T10:00:00' has no UTC offset", "enqueue", "--id", "bi-runat-local", "--run-at", "2026-12-01T10:00:00", "true")]
    [InlineData("--run-at 'next tuesday' is not a time", "enqueue", "--id", "bi-runat-word", "--run-at", "next tuesday", "true")]
    [InlineData("--delay and --run-at both say when the job may start", "enqueue", "--id", "bi-both", "--delay", "5m", "--run-at", "2026-12-01T10:00:00Z", "true")]
    [InlineData("priority 1001 is out of range", "enqueue", "--id", "bi-prio-big", "--priority", "1001", "true")]
    [InlineData("--priority must be a whole number, not 'high'", "enqueue", "--id", "bi-prio-word", "--priority", "high", "true")]
    [InlineData("--id, --max-retries, --priority, --delay, --run-at, --timeout, --after and --queue apply to a plain command only", "enqueue", "--delay", "5m", """{"id":"bi-json-delay","command":"true"}""")]
    [InlineData("--id, --max-retries, --priority, --delay, --run-at, --timeout, --after and --queue apply to a plain command only", "enqueue", "--timeout", "5m", """{"id":"bi-json-timeout","command":"true"}""")]
    [InlineData("Unrecognized command or argument 'frobnicate'; see `queuectl --help`", "frobnicate")]
    [InlineData("Unrecognized command or argument 'frobnicate'; see `queuectl dlq --help`", "dlq", "frobnicate")]
    [InlineData("Unrecognized command or argument '--verbose'; see `queuectl status --help`", "status", "--verbose")]
    [InlineData("unknown state 'bogus'; use one of: pending, processing, completed, failed, dead", "list", "--state", "bogus")]
    [InlineData("--limit 0 is out of range", "list", "--limit", "0")]
    [InlineData("--offset -1 is out of range; use 0 for the first page", "list", "--offset", "-1")]
    [InlineData("--offset must be a whole number, not 'abc'; see `queuectl dlq list --help`", "dlq", "list", "--offset", "abc")]
    [InlineData("unknown order 'random'; use --sort with one of: newest, created, updated, priority", "list", "--sort", "random")]
    [InlineData("--grep is empty", "list", "--grep", "")]
    [InlineData("clean needs --state, --older-than or --all", "clean")]
    [InlineData("--all already means every finished job, so it takes no --state or --older-than", "clean", "--all", "--state", "dead")]
    [InlineData("clean --state 'pending' is not a finished state; use completed or dead", "clean", "--state", "pending")]
    [InlineData("--older-than 5 has no unit; write 5s, 5m, 5h or 5d", "clean", "--older-than", "5")]
    [InlineData("--older-than -1d is negative", "clean", "--older-than", "-1d")]
    [InlineData("keep-completed-for 'soon' is not a duration", "config", "set", "keep-completed-for", "soon")]
    [InlineData("keep-dead-max must be a whole number of jobs from 0 to 1000000, not '1000001'", "config", "set", "keep-dead-max", "1000001")]
    [InlineData("unknown config key 'colour'", "config", "set", "colour", "blue")]
    [InlineData("unknown config key 'colour'", "config", "get", "colour")]
    [InlineData("max-retries must be a whole number from 0 to 1000, not '-1'", "config", "set", "max-retries", "-1")]
    [InlineData("max-retries must be a whole number from 0 to 1000, not 'abc'", "config", "set", "max_retries", "abc")]
    [InlineData("backoff-base must be a number from 1 to 100, not '0.5'", "config", "set", "backoff-base", "0.5")]
    [InlineData("backoff-max-seconds must be a whole number of seconds from 1 to 604800, not '0'", "config", "set", "backoff-max-seconds", "0")]
    [InlineData("job-timeout-seconds must be 0 (no timeout) or a whole number of seconds from 1 to 604800, not '-1'", "config", "set", "job-timeout-seconds", "-1")]
    [InlineData("job-timeout-seconds must be 0 (no timeout) or a whole number of seconds from 1 to 604800, not '90s'", "config", "set", "job_timeout_seconds", "90s")]
    [InlineData("--count 0 is not a number of workers", "worker", "start", "--count", "0")]
    [InlineData("--count must be a whole number, not 'many'", "worker", "start", "--count", "many")]
    [InlineData("job id 'bi/slash' contains '/'", "show", "bi/slash")]
    [InlineData("job id '..' contains '..'", "wait", "..")]
    [InlineData("no job to retry", "dlq", "retry")]
    [InlineData("cron expression '* * *' has 3 fields; give 5 fields", "schedule", "add", "bi-sched", "* * *", "true")]
    [InlineData("cron expression 'nope nope nope nope nope' is not valid", "schedule", "add", "bi-sched", "nope nope nope nope nope", "true")]
    [InlineData("schedule name 'bi:sched' contains ':'", "schedule", "add", "bi:sched", "* * * * *", "true")]
    [InlineData("unknown time zone 'Nowhere/Town'; give an IANA time zone id", "schedule", "add", "bi-sched", "* * * * *", "true", "--tz", "Nowhere/Town")]
    [InlineData("schedule name '..' does not start with a letter or digit", "schedule", "remove", "..")]
    public async Task Command_ExitsTwoNamingTheProblem_WhenItsArgumentsAreBad(string says, params string[] args)
    {
        var expanded = args.Select(Expand).ToArray();
        var absent = expanded.SkipWhile(a => a != "--id").Skip(1).Take(1).ToArray();
        await RefusedAsync(2, expanded, stdin: null, says, absent);
    }

    [Theory]
    [InlineData("{\"id\":\"bi-jl-1\",\"command\":\"true\"}\n{\"id\":\"bi-jl-2\",\"command\":\"true\"}\n{\"id\":\"bi-jl-3\",\"command\":true\"}\n",
        "stdin: invalid JSON in job 3 at line 3, column 31")]
    [InlineData("{\"id\":\"bi-jl-1\",\"command\":\"true\"}\n\n{\"id\":\"bi-jl-2\",\"command\":\"true\"}\n{\"id\":\"bi-jl-1\",\"command\":\"false\"}\n",
        "stdin, job 3 (line 4): the id 'bi-jl-1' is already used by job 1 of the input")]
    [InlineData("{\"id\":\"bi-jl-1\",\"command\":\"true\"}\n{\"id\":\"bi-jl-2\",\"command\":\"{limit+1}\"}\n",
        "stdin, job 2 (line 2): the command is 131,072 bytes long; at most 131,071 are allowed")]
    [InlineData("{\"id\":\"bi-jl-1\",\"command\":\"true\"}\n{\"id\":\"bi-jl-2\",\"command\":\"{limit+1 in é}\"}\n",
        "stdin, job 2 (line 2): the command is 131,072 bytes long; at most 131,071 are allowed")]
    [InlineData("{\"id\":\"bi-jl-1\",\"command\":\"true\",\"priority\":5}\n{\"id\":\"bi-jl-2\",\"command\":\"true\",\"run_at\":\"2026-12-01 10:00\"}\n",
        "stdin, job 2 (line 2): \"run_at\" '2026-12-01 10:00' has no UTC offset")]
    public async Task EnqueueFromStdin_ExitsTwoAndEnqueuesNoJob_WhenOneJobIsBad(string stdin, string says)
    {
        await RefusedAsync(2, ["enqueue", "-"], Expand(stdin), says, "bi-jl-1", "bi-jl-2", "bi-jl-3");
    }

    [Theory]
    [InlineData(6543, "{\"id\":\"bi-bulk-6543\",\"comand\":\"true\"}", "stdin, job 6543 (line 6543): unknown field \"comand\"")]
    [InlineData(9999, "{\"id\":\"bi-bulk-9999\",\"command\":\"true\",}", "stdin: invalid JSON in job 9999 at line 9999, column 39")]
    [InlineData(10000, "{\"id\":\"bi-bulk-1\",\"command\":\"true\"}", "stdin, job 10000 (line 10000): the id 'bi-bulk-1' is already used by job 1")]
    public async Task EnqueueFromStdin_RefusesAllTenThousandJsonLinesNamingTheLine_WhenOneLineIsBad(int badLine, string bad, string says)
    {
        var input = new StringBuilder();
        for (var line = 1; line <= 10_000; line++)
        {
            input.Append(line == badLine ? bad : $"{{\"id\":\"bi-bulk-{line}\",\"command\":\"true\"}}").Append('\n');
        }

        await RefusedAsync(2, ["enqueue", "-"], input.ToString(), says, "bi-bulk-1", "bi-bulk-5000", "bi-bulk-10000");
    }

    /// <summary>Files carry raw bytes: 0xE9 is 'é' in Latin-1 and not UTF-8 on its own.</summary>
    [Theory]
    [InlineData("--file", "{\"id\":\"bi-latin-1\",\"command\":\"true\"}\n{\"id\":\"bi-latin-2\",\"command\":\"echo caf\u00e9\"}\n",
        "job 2 has bytes that are not UTF-8 text at line 2, column 39: byte 0xE9")]
    [InlineData("@", "{\"id\":\"bi-latin-1\",\"command\":\"echo \u00ff\"}",
        "job 1 has bytes that are not UTF-8 text at line 1, column 36: byte 0xFF")]
    [InlineData("--file", "[{\"id\":\"bi-latin-1\",\"command\":\"true\"},\n {\"id\":\"bi-latin-2\u00c3\",\"command\":\"true\"}]",
        "job 2 has bytes that are not UTF-8 text at line 2, column 19: byte 0xC3")]
    [InlineData("--file", "\u00ff{\"id\":\"bi-latin-1\",\"command\":\"true\"}", "expected a JSON object or array at line 1, column 1, found byte 0xFF")]
    public async Task EnqueueFromFile_ExitsTwoNamingTheByte_WhenTheFileIsNotUtf8(string form, string latin1, string says)
    {
        var path = Path.Combine(fixture.Host.Home, $"latin1-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllBytesAsync(path, Encoding.Latin1.GetBytes(latin1));
        string[] args = form == "@" ? ["enqueue", "@" + path] : ["enqueue", form, path];

        var result = await RefusedAsync(2, args, stdin: null, says, "bi-latin-1", "bi-latin-2");
        if (says.Contains("not UTF-8", StringComparison.Ordinal))
        {
            Assert.Contains("save the input as UTF-8", result.Stderr);
        }
    }

    [Fact]
    public async Task Enqueue_ExitsTwo_WhenThePlainCommandIsNotUtf8()
    {
        // The test's own process can only pass UTF-8 arguments; a shell passes the raw byte 0xFF.
        var before = await SnapshotAsync();
        var result = await Cli.RunProcessAsync("/bin/sh", ["-c", "exec \"$0\" enqueue --id bi-raw \"$(printf 'echo \\377')\"", Binaries.Cli],
            Cli.Environment(Cli.Home, Cli.Address), stdin: null, Cli.DefaultTimeout);

        AssertRefusal(result, 2, "the command has bytes that are not UTF-8 text (from character 6 on)");
        await AssertUnchangedAsync(before, "bi-raw");
    }

    [Fact]
    public async Task Enqueue_ExitsOneAndEnqueuesNothing_WhenAnIdIsAlreadyInTheQueue()
    {
        (await Cli.RunAsync("enqueue", "--id", "bi-existing", "echo original")).Succeeded();

        await RefusedAsync(1, ["enqueue", """{"id":"bi-existing","command":"echo again"}"""], stdin: null,
            "a job with id 'bi-existing' already exists; choose another id");
        await RefusedAsync(1, ["enqueue", "--id", "bi-existing", "echo again"], stdin: null, "a job with id 'bi-existing' already exists");
        await RefusedAsync(1, ["enqueue", "-"],
            "{\"id\":\"bi-new-1\",\"command\":\"true\"}\n{\"id\":\"bi-existing\",\"command\":\"true\"}\n{\"id\":\"bi-new-3\",\"command\":\"true\"}\n",
            "the host did not accept jobs 1-3 of 3: job 'bi-existing': a job with id 'bi-existing' already exists; choose another id; no job was enqueued",
            "bi-new-1", "bi-new-3");

        var existing = await Cli.ShowAsync("bi-existing");
        Assert.Equal("echo original", existing.Str("command"));
        Assert.Single(existing.HistoryStates());
    }

    [Fact]
    public async Task DlqRetry_ExitsOneAndChangesNothing_WhenTheJobIsNotDead()
    {
        (await Cli.RunAsync("enqueue", "--id", "bi-alive", "true")).Succeeded();
        (await Cli.RunAsync("worker", "start")).Succeeded();
        (await Cli.RunAsync("wait", "bi-alive")).Succeeded();
        var job = await Cli.ShowAsync("bi-alive");

        await RefusedAsync(1, ["dlq", "retry", "bi-alive"], stdin: null,
            "job 'bi-alive' is completed, not dead; only jobs in the DLQ can be retried");

        var after = await Cli.ShowAsync("bi-alive");
        Assert.Equal(job.GetRawText(), after.GetRawText());
    }

    /// <summary>
    /// The limit itself passes the CLI and the host and runs. One byte more cannot even be a command-line argument
    /// (the kernel refuses to start a program given one: E2BIG), so the CLI's refusal is shown on stdin above.
    /// </summary>
    [Fact]
    public async Task Command_OfExactlyTheLimit_IsEnqueuedAndRuns()
    {
        var command = "true #" + new string('x', JobCommands.MaxBytes - "true #".Length);
        Assert.Equal(131_071, Encoding.UTF8.GetByteCount(command));

        (await Cli.RunAsync("enqueue", "--id", "bi-limit", command)).Succeeded();
        (await Cli.RunAsync("worker", "start")).Succeeded();
        (await Cli.RunAsync("wait", "bi-limit")).Succeeded();

        var job = await Cli.ShowAsync("bi-limit");
        Assert.Equal(command, job.Str("command"));
        Assert.Equal(0, job.IntOrNull("exit_code"));
    }

    /// <summary>What the CLI refuses, the host refuses too when a client sends it directly (here a peer with the certificate).</summary>
    [Fact]
    public async Task Host_RefusesWhatTheCliRefuses_WhenSentEnqueueJobsDirectly()
    {
        await using var peer = Peer.Start(fixture.Host.Home);
        var manager = new HostAddress("127.0.0.1", fixture.Host.Port).ManagerPath;
        var before = await SnapshotAsync();

        var cases = new (JobSubmission Job, string Says)[]
        {
            (new("bi-host-over", new string('x', JobCommands.MaxBytes + 1)),
                "job 'bi-host-over' has a command of 131,072 bytes; the system runs one of at most 131,071"),
            (new("bi-host-over-utf8", new string('é', (JobCommands.MaxBytes + 1) / 2)), "has a command of 131,072 bytes"),
            (new("bi-host-nul", "echo a\0b"), "has a NUL character"),
            (new("..", "true"), "job id '..' contains '..'"),
            (new("bi\u0007bell", "true"), "job id 'bi\\u0007bell' contains the control character U+0007"),
            (new("bi-host-neg", "true", -1), "max_retries must be from 0 to 1000, not -1"),
            (new("bi-host-prio", "true", Priority: 1001), "priority 1001 is out of range; use a whole number from -1000 to 1000"),
            (new("bi-host-timeout", "true", TimeoutSeconds: -1), "timeout_seconds -1 is out of range; use a whole number of seconds from 1 to 604800"),
        };
        foreach (var (job, says) in cases)
        {
            var reply = await peer.System.ActorSelection(manager).Ask<object>(new EnqueueJobs([job]), TimeSpan.FromSeconds(30));
            var rejected = Assert.IsType<CommandRejected>(reply);
            Assert.Equal(RejectionKind.InvalidInput, rejected.Kind);
            Assert.Contains(says, rejected.Reason);
        }
        await AssertUnchangedAsync(before, "bi-host-over", "bi-host-over-utf8", "bi-host-nul", "bi-host-neg", "bi-host-prio", "bi-host-timeout");

        var limit = new JobSubmission("bi-host-limit", "true #" + new string('x', JobCommands.MaxBytes - "true #".Length), 0);
        var accepted = await peer.System.ActorSelection(manager).Ask<object>(new EnqueueJobs([limit]), TimeSpan.FromSeconds(30));
        Assert.Equal(1, Assert.IsType<JobsAccepted>(accepted).Count);
        // Run it to its end here, so that no later test of this class sees it change the counts.
        (await Cli.RunAsync("worker", "start")).Succeeded();
        (await Cli.RunAsync("wait", "bi-host-limit")).Succeeded();
    }

    private async Task<CliResult> RefusedAsync(int exitCode, string[] args, string? stdin, string says, params string?[] absentIds)
    {
        // The config is compared only where a command could change it: each CLI run costs a second on a loaded machine.
        var withConfig = args[0] == "config";
        var before = await SnapshotAsync(withConfig);
        var result = await Cli.RunAsync(args, stdin);
        AssertRefusal(result, exitCode, says);
        await AssertUnchangedAsync(before, withConfig, absentIds);
        return result;
    }

    /// <summary>The house format: one <c>queuectl: what; fix</c> message on stderr, nothing on stdout.</summary>
    private static void AssertRefusal(CliResult result, int exitCode, string says)
    {
        Assert.True(result.ExitCode == exitCode, $"expected exit code {exitCode}:\n{result}");
        Assert.True(result.Stderr.StartsWith("queuectl: ", StringComparison.Ordinal), $"not in the house error format:\n{result}");
        Assert.True(result.Stderr.Contains(says, StringComparison.Ordinal), $"expected stderr to say '{says}':\n{result}");
        Assert.True(result.Stderr.IndexOf("; ", StringComparison.Ordinal) > "queuectl: ".Length, $"no fix after the problem:\n{result}");
        Assert.True(result.Stdout.Length == 0, $"printed on stdout:\n{result}");
        Assert.DoesNotContain("Exception", result.Stderr);
    }

    /// <summary>The queue's counts, the worker count and the config: what bad input must not change.</summary>
    private async Task<string> SnapshotAsync(bool withConfig = true)
    {
        var status = await Cli.StatusAsync();
        var config = withConfig ? (await Cli.RunAsync("config", "show", "--json")).Succeeded().Json().GetRawText() : "-";
        return $"total={status.Int("total")} counts={status.GetProperty("counts").GetRawText()} " +
               $"workers={status.Int("workers_configured")} config={config}";
    }

    private async Task AssertUnchangedAsync(string before, params string?[] absentIds) => await AssertUnchangedAsync(before, true, absentIds);

    private async Task AssertUnchangedAsync(string before, bool withConfig, params string?[] absentIds)
    {
        Assert.Equal(before, await SnapshotAsync(withConfig));
        var ids = absentIds.OfType<string>().ToList();
        if (ids.Count > 0)
        {
            var present = (await Cli.ListAsync()).Ids();
            Assert.All(ids, id => Assert.DoesNotContain(id, present));
        }
    }
}
