using System.Diagnostics;
using System.Text;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;
using QueueCtl.Cli.Input;

namespace QueueCtl.Tests.Cli;

public class JobInputReaderTests
{
    private static (List<JobSubmission> Jobs, InputProblem? Problem) Read(string text) =>
        JobInputReader.ReadAll(new MemoryStream(Encoding.UTF8.GetBytes(text)), "input");

    private static InputProblem Problem(string text)
    {
        var (_, problem) = Read(text);
        Assert.NotNull(problem);
        return problem;
    }

    [Fact]
    public void ReadAll_ReturnsOneJob_WhenSingleObject()
    {
        var (jobs, problem) = Read("""{"id":"job1","command":"echo hi","max_retries":3}""");
        Assert.Null(problem);
        Assert.Equal([new JobSubmission("job1", "echo hi", 3)], jobs);
    }

    [Fact]
    public void ReadAll_LeavesIdAndRetriesNull_WhenOnlyCommandGiven()
    {
        var (jobs, _) = Read("""{"command":"echo hi"}""");
        Assert.Equal([new JobSubmission(null, "echo hi")], jobs);
    }

    [Fact]
    public void ReadAll_ReturnsEveryJob_WhenArray()
    {
        var (jobs, problem) = Read("""
            [
              {"id":"a","command":"echo a"},
              {"id":"b","command":"echo b","max_retries":0}
            ]
            """);
        Assert.Null(problem);
        Assert.Equal(["a", "b"], jobs.Select(j => j.Id));
        Assert.Equal(0, jobs[1].MaxRetries);
    }

    [Fact]
    public void ReadAll_ReturnsNoJobsProblem_WhenEmptyArray()
    {
        Assert.Contains("holds no jobs", Problem("[ ]").What);
    }

    [Fact]
    public void ReadAll_ReturnsEveryJob_WhenJsonLines()
    {
        var (jobs, problem) = Read("{\"command\":\"echo 1\"}\n{\"command\":\"echo 2\"}\r\n\n{\"command\":\"echo 3\"}\n");
        Assert.Null(problem);
        Assert.Equal(["echo 1", "echo 2", "echo 3"], jobs.Select(j => j.Command));
    }

    [Fact]
    public void ReadAll_ReadsObjectsSpanningLines_WhenPrettyPrinted()
    {
        var (jobs, problem) = Read("{\n  \"command\": \"echo {a}\"\n}\n{\n  \"command\": \"echo \\\"b\\\"\"\n}");
        Assert.Null(problem);
        Assert.Equal(["echo {a}", "echo \"b\""], jobs.Select(j => j.Command));
    }

    [Fact]
    public void ReadAll_SkipsByteOrderMark_WhenPresent()
    {
        var (jobs, problem) = Read("\uFEFF{\"command\":\"echo hi\"}");
        Assert.Null(problem);
        Assert.Single(jobs);
    }

    [Fact]
    public void ReadAll_NamesTheLine_WhenJsonLinesHasBadJson()
    {
        var problem = Problem("{\"command\":\"a\"}\n{\"command\":\"b\"}\n{\"command\": oops}\n");
        Assert.Contains("line 3", problem.What);
        Assert.StartsWith("input", problem.What);
    }

    [Fact]
    public void ReadAll_ReportsProblem_WhenObjectIsUnterminated()
    {
        Assert.Contains("input", Problem("{\"command\":\"echo hi\"").What);
    }

    [Fact]
    public void ReadAll_ReportsProblem_WhenArrayIsNotClosed()
    {
        Assert.Contains("not closed", Problem("[{\"command\":\"a\"}").What);
    }

    [Fact]
    public void ReadAll_ReportsProblem_WhenDataFollowsArray()
    {
        Assert.Contains("after the JSON array", Problem("[{\"command\":\"a\"}] {\"command\":\"b\"}").What);
    }

    [Theory]
    [InlineData("\"echo hi\"")]
    [InlineData("42")]
    [InlineData("[\"echo hi\"]")]
    [InlineData("[1,2]")]
    public void ReadAll_ReportsProblem_WhenValueIsNotAnObject(string text)
    {
        Assert.NotNull(Read(text).Problem);
    }

    [Fact]
    public void ReadAll_ReadsPriorityAndRunAtInUtc_WhenGiven()
    {
        var (jobs, problem) = Read("""{"id":"a","command":"true","priority":-12,"run_at":"2026-12-01T12:00:00+02:00"}""");

        Assert.Null(problem);
        Assert.Equal([new JobSubmission("a", "true", null, -12, new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero))], jobs);
    }

    [Theory]
    [InlineData("""{"command":"true","priority":null,"run_at":null}""")]
    [InlineData("""{"command":"true","priority":0}""")]
    public void ReadAll_LeavesPriorityZeroAndNoRunAt_WhenNullOrDefault(string json)
    {
        var (jobs, problem) = Read(json);

        Assert.Null(problem);
        Assert.Equal([new JobSubmission(null, "true")], jobs);
    }

    [Fact]
    public void ReadAll_ReadsAWholePriorityWrittenWithAFraction_AsMaxRetriesIs()
    {
        Assert.Equal(5, Read("""{"command":"true","priority":5.0}""").Jobs.Single().Priority);
    }

    [Theory]
    [InlineData("""{"command":"a","priority":"5"}""", "\"priority\" must be a whole number, not a string (\"5\")", "without quotes")]
    [InlineData("""{"command":"a","priority":2.5}""", "\"priority\" must be a whole number, not a number (2.5)", "-1000 to 1000")]
    [InlineData("""{"command":"a","priority":1001}""", "priority 1001 is out of range", "-1000 to 1000")]
    [InlineData("""{"command":"a","priority":-99999999999}""", "priority -99999999999 is out of range", "-1000 to 1000")]
    [InlineData("""{"command":"a","run_at":1764583200}""", "\"run_at\" must be a string, not a number (1764583200)", "\"run_at\":\"2026-12-01T10:00:00Z\"")]
    [InlineData("""{"command":"a","run_at":"2026-12-01T10:00:00"}""", "\"run_at\" '2026-12-01T10:00:00' has no UTC offset", "add Z for UTC")]
    [InlineData("""{"command":"a","run_at":"soon"}""", "\"run_at\" 'soon' is not a time", "ISO 8601")]
    public void ReadAll_SaysWhatIsWrongAndHowToFixIt_WhenPriorityOrRunAtIsBad(string json, string what, string fix)
    {
        var problem = Problem(json);

        Assert.Equal($"input, job 1 (line 1): {what}", problem.What);
        Assert.Contains(fix, problem.Fix);
    }

    [Fact]
    public void ReadAll_NamesFieldAndKnownFields_WhenFieldUnknown()
    {
        var problem = Problem("""{"command":"echo hi","retries":3}""");
        Assert.Contains("unknown field \"retries\"", problem.What);
        Assert.Contains("id, command, max_retries, priority, run_at, timeout_seconds, depends_on", problem.Fix);
    }

    [Theory]
    [InlineData("""["a","b"]""", new[] { "a", "b" })]
    [InlineData("[]", new string[0])]
    [InlineData("null", new string[0])]
    public void ReadAll_TakesTheDependencies_WhenDependsOnIsAnArrayOfIds(string value, string[] expected)
    {
        var (jobs, problem) = JobInputReader.ReadAll(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(
            $$"""{"id":"c","command":"echo hi","depends_on":{{value}}}""")), "input");

        Assert.Null(problem);
        var job = Assert.Single(jobs);
        Assert.Equal(expected, job.DependsOn.IsDefault ? [] : job.DependsOn.ToArray());
    }

    [Theory]
    [InlineData("\"a\"", "\"depends_on\" must be an array of job ids, not a string (\"a\")")]
    [InlineData("[1]", "\"depends_on\" holds a number (1); it must hold job ids")]
    [InlineData("""["bad id"]""", "the job has a dependency that is not a job id: job id 'bad id' contains ' '")]
    [InlineData("""["c"]""", "the job depends on itself")]
    public void ReadAll_ReportsProblem_WhenDependsOnIsInvalid(string value, string expected)
    {
        var problem = Problem($$"""{"id":"c","command":"echo hi","depends_on":{{value}}}""");

        Assert.EndsWith(": " + expected, problem.What);
    }

    [Theory]
    [InlineData("""{"id":"job1"}""", "no \"command\"")]
    [InlineData("""{"command":""}""", "empty")]
    [InlineData("""{"command":"   "}""", "empty")]
    [InlineData("""{"command":42}""", "must be a string")]
    [InlineData("""{"command":"a","max_retries":-1}""", "max_retries")]
    [InlineData("""{"command":"a","max_retries":"3"}""", "whole number")]
    [InlineData("""{"command":"a","max_retries":1.5}""", "whole number")]
    [InlineData("""{"command":"a","max_retries":100000}""", "max_retries")]
    [InlineData("""{"command":"a","id":7}""", "\"id\" must be a string")]
    [InlineData("""{"command":"a","command":"b"}""", "appears twice")]
    public void ReadAll_ReportsProblem_WhenJobIsInvalid(string text, string expected)
    {
        Assert.Contains(expected, Problem(text).What);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("slash/id")]
    [InlineData("ünïcode")]
    public void ReadAll_ReportsIdProblem_WhenIdIsInvalid(string id)
    {
        var problem = Problem($$"""{"id":"{{id}}","command":"echo hi"}""");
        Assert.Contains("A-Z a-z 0-9", problem.Fix);
    }

    [Fact]
    public void ReadAll_ReportsProblem_WhenIdLongerThan128()
    {
        Assert.Contains("128", Problem($$"""{"id":"{{new string('a', 129)}}","command":"x"}""").What);
    }

    [Fact]
    public void ReadAll_AcceptsNullId_WhenGivenExplicitly()
    {
        var (jobs, problem) = Read("""{"id":null,"command":"echo hi"}""");
        Assert.Null(problem);
        Assert.Null(jobs[0].Id);
    }

    [Fact]
    public void ReadAll_NamesBothJobs_WhenIdRepeatsInInput()
    {
        var problem = Problem("{\"id\":\"x\",\"command\":\"a\"}\n{\"id\":\"y\",\"command\":\"b\"}\n{\"id\":\"x\",\"command\":\"c\"}");
        Assert.Contains("'x' is already used by job 1", problem.What);
        Assert.Contains("job 3 (line 3)", problem.What);
    }

    [Fact]
    public void ReadAll_ReportsProblem_WhenInputIsEmpty()
    {
        Assert.Contains("no jobs", Problem(" \n ").What);
    }

    [Fact]
    public void ReadAll_RefusesCommand_WhenLongerThanOneShellArgument()
    {
        var problem = Problem($$"""{"command":"{{new string('x', JobCommands.MaxBytes + 1)}}"}""");
        Assert.Contains("bytes long", problem.What);
    }

    [Fact]
    public void ReadAll_ReadsObjectLargerThanReadBuffer_WhenCommandIsLong()
    {
        var command = new string('x', 100_000);
        var (jobs, problem) = Read($$"""[{"command":"a"},{"command":"{{command}}"},{"command":"b"}]""");
        Assert.Null(problem);
        Assert.Equal(command, jobs[1].Command);
        Assert.Equal("b", jobs[2].Command);
    }

    [Fact]
    public void ReadAll_ReadsHundredThousandJsonLines_WhenStreamedInSmallChunks()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 100_000; i++)
        {
            text.Append("{\"id\":\"job-").Append(i).Append("\",\"command\":\"echo ").Append(i).Append("\"}\n");
        }
        using var stream = new TrickleStream(Encoding.UTF8.GetBytes(text.ToString()), chunk: 4093);
        var clock = Stopwatch.StartNew();
        var (jobs, problem) = JobInputReader.ReadAll(stream, "stdin");
        Assert.Null(problem);
        Assert.Equal(100_000, jobs.Count);
        Assert.Equal("job-99999", jobs[^1].Id);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Theory]
    [InlineData("{\"command\":\"a\"}\n{\"command\":\"b\",}\n", "invalid JSON in job 2 at line 2, column 16")]
    [InlineData("{\"command\":\"a\"}  {\"command\":\"b\",}", "invalid JSON in job 2 at line 1, column 33")]
    [InlineData("[{\"command\":\"a\"},\n {\"command\" \"b\"}]", "invalid JSON in job 2 at line 2, column 13")]
    [InlineData("{\n  \"command\": \"a\",\n  \"id\": oops\n}", "invalid JSON in job 1 at line 3, column 9")]
    public void ReadAll_NamesJobLineAndColumn_WhenTheJsonIsMalformed(string text, string expected)
    {
        var problem = Problem(text);
        Assert.Contains(expected, problem.What);
        Assert.DoesNotContain("reader options", problem.What);
        Assert.DoesNotContain("LineNumber", problem.What);
        Assert.Contains("correct the JSON there", problem.Fix);
    }

    [Fact]
    public void ReadAll_SaysWhereTheJobStarts_WhenTheInputEndsInsideIt()
    {
        Assert.Contains("job 2, from line 2, column 1, ends before its closing '}'", Problem("{\"command\":\"a\"}\n{\"command\":\"b\"").What);
    }

    [Theory]
    [InlineData(new byte[] { 0x7B, 0x22, 0x63, 0x6F, 0x6D, 0x6D, 0x61, 0x6E, 0x64, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D }, "job 1 has bytes that are not UTF-8 text at line 1, column 13: byte 0xFF")]
    [InlineData(new byte[] { 0x7B, 0x22, 0x69, 0x64, 0xC3, 0x22, 0x3A, 0x31, 0x7D }, "job 1 has bytes that are not UTF-8 text at line 1, column 5: byte 0xC3")]
    [InlineData(new byte[] { 0xFF, 0x7B, 0x7D }, "expected a JSON object or array at line 1, column 1, found byte 0xFF")]
    public void ReadAll_NamesTheByte_WhenTheInputIsNotUtf8(byte[] input, string expected)
    {
        var (_, problem) = JobInputReader.ReadAll(new MemoryStream(input), "input");
        Assert.NotNull(problem);
        Assert.Contains(expected, problem.What);
    }

    [Fact]
    public void ReadAll_NamesEveryUnknownField_WhenThereAreSeveral()
    {
        var problem = Problem("""{"command":"a","colour":"blue","size":3,"depends_on":["x"],"timeout_seconds":null}""");
        Assert.EndsWith(": unknown fields \"colour\", \"size\"", problem.What);
    }

    [Theory]
    [InlineData("90", 90)]
    [InlineData("1", 1)]
    [InlineData("604800", 604800)]
    [InlineData("3.0", 3)]
    [InlineData("null", null)]
    public void ReadAll_TakesTheTimeout_WhenTimeoutSecondsIsAWholeNumberInRange(string value, int? seconds)
    {
        var (jobs, problem) = JobInputReader.ReadAll(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(
            $$"""{"command":"sleep 9","timeout_seconds":{{value}}}""")), "input");

        Assert.Null(problem);
        Assert.Equal(seconds, Assert.Single(jobs).TimeoutSeconds);
    }

    [Theory]
    [InlineData("0", "timeout_seconds 0 is out of range")]
    [InlineData("-5", "timeout_seconds -5 is out of range")]
    [InlineData("604801", "timeout_seconds 604801 is out of range")]
    [InlineData("1.5", "\"timeout_seconds\" must be a whole number, not a number (1.5)")]
    [InlineData("\"90s\"", "\"timeout_seconds\" must be a whole number, not a string (\"90s\")")]
    public void ReadAll_RefusesTheTimeout_WhenTimeoutSecondsIsNotAWholeNumberInRange(string value, string what)
    {
        var problem = Problem($$"""{"command":"sleep 9","timeout_seconds":{{value}}}""");

        Assert.Equal($"input, job 1 (line 1): {what}", problem.What);
        Assert.Contains("from 1 to 604800", problem.Fix);
    }

    [Theory]
    [InlineData("\"abc\"", "\"max_retries\" must be a whole number, not a string (\"abc\")")]
    [InlineData("1.5", "\"max_retries\" must be a whole number, not a number (1.5)")]
    [InlineData("true", "\"max_retries\" must be a whole number, not a boolean")]
    [InlineData("99999999999", "max_retries is 99999999999")]
    [InlineData("-1", "max_retries is -1")]
    public void ReadAll_SaysWhatMaxRetriesWas_WhenItIsNotAllowed(string value, string expected)
    {
        Assert.Contains(expected, Problem($$"""{"command":"a","max_retries":{{value}}}""").What);
    }

    [Theory]
    [InlineData("1e2", 100)]
    [InlineData("3.0", 3)]
    public void ReadAll_AcceptsMaxRetries_WhenItIsAWholeNumberInAnotherNotation(string value, int expected)
    {
        var (jobs, problem) = Read($$"""{"command":"a","max_retries":{{value}}}""");
        Assert.Null(problem);
        Assert.Equal(expected, jobs[0].MaxRetries);
    }

    [Fact]
    public void ReadAll_AcceptsCommand_WhenItHasExactlyTheHostsLimit()
    {
        var (jobs, problem) = Read($$"""{"command":"{{new string('x', JobCommands.MaxBytes)}}"}""");
        Assert.Null(problem);
        Assert.Equal(JobCommands.MaxBytes, jobs[0].Command.Length);
    }

    [Fact]
    public void ReadAll_GivesTheSameLimitAsTheHost_WhenTheCommandIsOneByteLonger()
    {
        var problem = Problem($$"""{"command":"{{new string('é', 65_536)}}"}""");
        Assert.Contains("the command is 131,072 bytes long; at most 131,071 are allowed", problem.What);
    }

    [Fact]
    public void ReadAll_RefusesNul_WhenTheCommandHasOne()
    {
        Assert.Contains("NUL character", Problem("""{"id":"n","command":"echo a\u0000b"}""").What);
    }

    [Fact]
    public void ReadAll_ShowsAControlCharacterEscaped_WhenTheIdHasOne()
    {
        Assert.Contains("job id 'a\\u0007b' contains the control character U+0007", Problem("""{"id":"a\u0007b","command":"true"}""").What);
    }

    /// <summary>Hands out at most <c>chunk</c> bytes per read, like a pipe.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));
    }
}
