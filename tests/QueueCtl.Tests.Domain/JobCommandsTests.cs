using QueueCtl.Actors.Domain;

namespace QueueCtl.Tests.Domain;

/// <summary>The one command check and size limit that the CLI and the host share.</summary>
public sealed class JobCommandsTests
{
    [Fact]
    public void MaxBytes_IsTheKernelsLimitForOneArgument()
    {
        Assert.Equal(131_071, JobCommands.MaxBytes);
    }

    [Fact]
    public void Check_IsNull_WhenTheCommandHasExactlyMaxBytes()
    {
        Assert.Null(JobCommands.Check(new string('x', JobCommands.MaxBytes)));
    }

    [Fact]
    public void Check_IsTooLongWithTheBytes_WhenTheCommandHasOneByteMore()
    {
        Assert.Equal(new JobCommands.Fault.TooLong(131_072), JobCommands.Check(new string('x', JobCommands.MaxBytes + 1)));
    }

    [Fact]
    public void Check_CountsUtf8Bytes_NotCharacters()
    {
        // 'é' is two bytes of UTF-8: 65,535 of them and one 'x' make exactly the limit, one more 'é' goes past it.
        Assert.Null(JobCommands.Check(new string('é', 65_535) + "x"));
        Assert.Equal(new JobCommands.Fault.TooLong(131_072), JobCommands.Check(new string('é', 65_536)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \t\n")]
    public void Check_IsEmpty_WhenThereIsNothingToRun(string? command)
    {
        Assert.IsType<JobCommands.Fault.Empty>(JobCommands.Check(command));
    }

    [Fact]
    public void Check_HasNul_WhenTheCommandHasANulCharacter()
    {
        Assert.IsType<JobCommands.Fault.HasNul>(JobCommands.Check("echo a\0b"));
    }

    [Fact]
    public void Problem_SaysTheSizeAndTheLimitAndWhatToDo_WhenTheCommandIsTooLong()
    {
        Assert.Equal(
            "has a command of 131,072 bytes; the system runs one of at most 131,071 (one argument of /bin/sh -c); " +
            "put it in a script file and enqueue `sh FILE`",
            JobCommands.Problem(new string('x', JobCommands.MaxBytes + 1)));
    }
}
