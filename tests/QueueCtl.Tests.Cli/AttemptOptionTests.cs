using QueueCtl.Cli;
using QueueCtl.Cli.Commands;

namespace QueueCtl.Tests.Cli;

/// <summary>The <c>--attempt N</c> of <c>queuectl logs</c>, checked before the host is contacted.</summary>
public class AttemptOptionTests
{
    [Theory]
    [InlineData(null, false)]
    [InlineData(1, false)]
    [InlineData(7, false)]
    [InlineData(null, true)]
    public void Problem_IsNone_WhenTheAttemptCanBeAskedFor(int? attempt, bool follow)
    {
        Assert.Null(AttemptOption.Problem(attempt, follow));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    public void Problem_ExitsTwoNamingTheValue_WhenTheAttemptIsBelowOne(int attempt)
    {
        var problem = AttemptOption.Problem(attempt, follow: false)!;

        Assert.Equal(ExitCodes.Usage, problem.ExitCode);
        Assert.StartsWith($"queuectl: --attempt {attempt} does not name an attempt; attempts count from 1", problem.Stderr);
    }

    [Fact]
    public void Problem_ExitsTwo_WhenCombinedWithFollow()
    {
        var problem = AttemptOption.Problem(2, follow: true)!;

        Assert.Equal(ExitCodes.Usage, problem.ExitCode);
        Assert.StartsWith("queuectl: --attempt cannot be combined with --follow", problem.Stderr);
    }
}
