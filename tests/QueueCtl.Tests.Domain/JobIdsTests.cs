using QueueCtl.Actors.Domain;

namespace QueueCtl.Tests.Domain;

/// <summary>Spec 2: an id is 1-128 characters of <c>A-Z a-z 0-9 . _ : -</c>.</summary>
public sealed class JobIdsTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("job1")]
    [InlineData("batch-7:step_2.retry")]
    [InlineData("0123456789abcdefABCDEF")]
    [InlineData("550e8400-e29b-41d4-a716-446655440000")]
    public void Problem_IsNull_WhenIdIsValid(string id)
    {
        Assert.Null(JobIds.Problem(id));
    }

    [Fact]
    public void Problem_IsNull_WhenIdHasExactly128Characters()
    {
        Assert.Null(JobIds.Problem(new string('z', JobIds.MaxLength)));
    }

    [Fact]
    public void Problem_GivesTheLength_WhenIdHas129Characters()
    {
        Assert.Equal("job id is 129 characters long; at most 128 are allowed", JobIds.Problem(new string('z', 129)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Problem_SaysEmpty_WhenIdIsNullOrEmpty(string? id)
    {
        Assert.Equal("a job id must not be empty", JobIds.Problem(id));
    }

    [Theory]
    [InlineData("a b", ' ')]
    [InlineData("a/b", '/')]
    [InlineData("x\u00e9", '\u00e9')]
    [InlineData("\uff41", '\uff41')]
    [InlineData("a\nb", '\n')]
    public void Problem_NamesTheCharacter_WhenIdHasAForbiddenOne(string id, char bad)
    {
        Assert.Equal($"job id '{id}' contains '{bad}'", JobIds.Problem(id));
    }
}
