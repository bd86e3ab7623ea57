using System.Text;
using QueueCtl.Actors.Protocol;
using QueueCtl.Cli.Input;

namespace QueueCtl.Tests.Cli;

public class EnqueueSourceTests
{
    [Theory]
    [InlineData("echo hi", typeof(EnqueueSource.PlainCommand))]
    [InlineData("{\"command\":\"echo hi\"}", typeof(EnqueueSource.InlineJson))]
    [InlineData("  [{\"command\":\"echo hi\"}]", typeof(EnqueueSource.InlineJson))]
    [InlineData("@job.json", typeof(EnqueueSource.JsonFile))]
    [InlineData("-", typeof(EnqueueSource.StandardInput))]
    [InlineData("@", typeof(EnqueueSource.PlainCommand))]
    public void Choose_PicksFormFromArgumentShape(string argument, Type expected)
    {
        var (source, problem) = EnqueueSource.Choose([argument], file: null);
        Assert.Null(problem);
        Assert.IsType(expected, source);
    }

    [Fact]
    public void Choose_ReadsFile_WhenFileOptionGiven()
    {
        var (source, _) = EnqueueSource.Choose([], "jobs.jsonl");
        Assert.Equal(new EnqueueSource.JsonFile("jobs.jsonl"), source);
    }

    [Fact]
    public void Choose_ReportsProblem_WhenArgumentAndFileGiven()
    {
        Assert.NotNull(EnqueueSource.Choose(["echo hi"], "jobs.json").Problem);
    }

    [Fact]
    public void Choose_ReportsProblem_WhenNothingGiven()
    {
        Assert.NotNull(EnqueueSource.Choose([], null).Problem);
    }

    [Fact]
    public void Choose_SuggestsQuoting_WhenCommandSplitIntoWords()
    {
        var (_, problem) = EnqueueSource.Choose(["echo", "hi"], null);
        Assert.Contains("queuectl enqueue \"echo hi\"", problem!.Fix);
    }

    [Theory]
    [InlineData("--dry-run")]
    [InlineData("-x")]
    public void Choose_RefusesAnUnknownOption_InsteadOfEnqueuingItAsACommand(string option)
    {
        var (source, problem) = EnqueueSource.Choose([option], null);
        Assert.Null(source);
        Assert.Equal($"unknown option '{option}'", problem!.What);
    }

    [Fact]
    public void Choose_NamesTheUnknownOption_WhenItComesWithACommand()
    {
        var (_, problem) = EnqueueSource.Choose(["true", "--colour", "blue"], null);
        Assert.Equal("unknown option '--colour'", problem!.What);
    }

    [Fact]
    public void Read_RefusesAPlainCommand_WhenItsBytesWereNotUtf8()
    {
        var (jobs, problem) = EnqueueInput.Read(new EnqueueSource.PlainCommand("echo \uFFFD"), PlainJobOptions.None, NoStdin);
        Assert.Empty(jobs);
        Assert.Contains("not UTF-8 text (from character 6 on)", problem!.What);
    }

    [Fact]
    public void Read_UsesIdAndRetries_WhenPlainCommand()
    {
        var (jobs, problem) = EnqueueInput.Read(new EnqueueSource.PlainCommand("echo hi"), new PlainJobOptions("demo1", 2), NoStdin);
        Assert.Null(problem);
        Assert.Equal([new JobSubmission("demo1", "echo hi", 2)], jobs);
    }

    [Fact]
    public void Read_ReportsProblem_WhenPlainCommandIdInvalid()
    {
        Assert.NotNull(EnqueueInput.Read(new EnqueueSource.PlainCommand("echo hi"), new PlainJobOptions("bad id"), NoStdin).Problem);
    }

    [Fact]
    public void Read_ReportsProblem_WhenIdOptionUsedWithJson()
    {
        var (_, problem) = EnqueueInput.Read(new EnqueueSource.InlineJson("{\"command\":\"a\"}"), new PlainJobOptions("x"), NoStdin);
        Assert.Contains("plain command only", problem!.What);
    }

    [Fact]
    public void Read_ReadsStandardInput_WhenDash()
    {
        var (jobs, problem) = EnqueueInput.Read(new EnqueueSource.StandardInput(), PlainJobOptions.None,
            () => new MemoryStream(Encoding.UTF8.GetBytes("{\"command\":\"a\"}\n{\"command\":\"b\"}\n")));
        Assert.Null(problem);
        Assert.Equal(2, jobs.Count);
    }

    [Fact]
    public void Read_ReadsFile_WhenJsonFile()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "[{\"id\":\"f1\",\"command\":\"echo file\"}]");
            var (jobs, problem) = EnqueueInput.Read(new EnqueueSource.JsonFile(path), PlainJobOptions.None, NoStdin);
            Assert.Null(problem);
            Assert.Equal("f1", jobs.Single().Id);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Read_ReportsProblem_WhenFileMissing()
    {
        var (_, problem) = EnqueueInput.Read(new EnqueueSource.JsonFile("/nonexistent/jobs.json"), PlainJobOptions.None, NoStdin);
        Assert.Contains("no such file", problem!.What);
    }

    private static Stream NoStdin() => throw new InvalidOperationException("stdin must not be read");
}
