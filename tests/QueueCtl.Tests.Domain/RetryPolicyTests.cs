using QueueCtl.Actors.Domain;

namespace QueueCtl.Tests.Domain;

/// <summary>Spec 2.1: after the n-th failed attempt wait base^n seconds, capped; null means dead.</summary>
public sealed class RetryPolicyTests
{
    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(3, 8)]
    public void DelayAfter_IsBaseToThePowerOfFailedAttempts_WhenRetriesRemain(int failedAttempts, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), RetryPolicy.DelayAfter(failedAttempts, maxRetries: 3, backoffBase: 2, backoffMaxSeconds: 3600));
    }

    [Theory]
    [InlineData(1, 1.5)]
    [InlineData(2, 2.25)]
    [InlineData(3, 3.375)]
    public void DelayAfter_KeepsFractionsOfASecond_WhenBaseIsFractional(int failedAttempts, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), RetryPolicy.DelayAfter(failedAttempts, maxRetries: 5, backoffBase: 1.5, backoffMaxSeconds: 3600));
    }

    [Fact]
    public void DelayAfter_IsAlwaysOneSecond_WhenBaseIsOne()
    {
        Assert.All(Enumerable.Range(1, 10), n => Assert.Equal(TimeSpan.FromSeconds(1), RetryPolicy.DelayAfter(n, 10, 1, 3600)));
    }

    [Theory]
    [InlineData(4, 2, 10, 10)]
    [InlineData(12, 2, 3600, 3600)]
    [InlineData(1000, 100, 604800, 604800)]
    public void DelayAfter_IsCapped_WhenBackoffExceedsTheMaximum(int failedAttempts, double backoffBase, int cap, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), RetryPolicy.DelayAfter(failedAttempts, maxRetries: 1000, backoffBase, cap));
    }

    [Theory]
    [InlineData(4, 3)]
    [InlineData(1, 0)]
    [InlineData(11, 10)]
    public void DelayAfter_IsNull_WhenFailedAttemptsExceedMaxRetries(int failedAttempts, int maxRetries)
    {
        Assert.Null(RetryPolicy.DelayAfter(failedAttempts, maxRetries, 2, 3600));
    }

    [Fact]
    public void DelayAfter_StillRetries_WhenFailedAttemptsEqualMaxRetries()
    {
        Assert.Equal(TimeSpan.FromSeconds(8), RetryPolicy.DelayAfter(3, maxRetries: 3, backoffBase: 2, backoffMaxSeconds: 3600));
    }
}
