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
    public void Problem_NamesTheCharacter_WhenIdHasAForbiddenOne(string id, char bad)
    {
        Assert.Equal($"job id '{id}' contains '{bad}'", JobIds.Problem(id));
    }

    [Theory]
    [InlineData("a\nb", "job id 'a\\u000Ab' contains the control character U+000A")]
    [InlineData("a\u0001b", "job id 'a\\u0001b' contains the control character U+0001")]
    [InlineData("tab\there", "job id 'tab\\u0009here' contains the control character U+0009")]
    [InlineData("zero\u200Bwidth", "job id 'zero\\u200Bwidth' contains the invisible character U+200B")]
    [InlineData("a b\u0007", "job id 'a b\\u0007' contains ' '")]
    public void Problem_WritesInvisibleCharactersAsEscapes_WhenIdHasOne(string id, string expected)
    {
        Assert.Equal(expected, JobIds.Problem(id));
    }

    [Fact]
    public void Problem_NamesTheWholeCharacter_WhenItIsASurrogatePair()
    {
        Assert.Equal("job id 'a\U0001F600' contains '\U0001F600'", JobIds.Problem("a\U0001F600"));
    }

    [Theory]
    [InlineData(".", "job id '.' is '.', which a path reads as a directory")]
    [InlineData("..", "job id '..' contains '..', which a path reads as a directory")]
    [InlineData("a..b", "job id 'a..b' contains '..', which a path reads as a directory")]
    [InlineData("...", "job id '...' contains '..', which a path reads as a directory")]
    public void Problem_RefusesDots_WhenAPathWouldReadThemAsADirectory(string id, string expected)
    {
        Assert.Equal(expected, JobIds.Problem(id));
    }

    [Theory]
    [InlineData("a.b")]
    [InlineData(".hidden")]
    [InlineData("v1.2.3")]
    [InlineData("end.")]
    public void Problem_IsNull_WhenDotsStandAlone(string id)
    {
        Assert.Null(JobIds.Problem(id));
    }
}
