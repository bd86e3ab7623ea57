using QueueCtl.Actors.Domain;

namespace QueueCtl.Tests.Domain;

/// <summary>The one place where config keys and values are validated.</summary>
public sealed class QueueSettingsTests
{
    private static readonly QueueSettings Defaults = new(3, 2, 3600);

    [Theory]
    [InlineData("max-retries", "max-retries")]
    [InlineData("max_retries", "max-retries")]
    [InlineData("MAX_RETRIES", "max-retries")]
    [InlineData("  Backoff_Base ", "backoff-base")]
    [InlineData("backoff_max_seconds", "backoff-max-seconds")]
    public void NormalizeKey_ReturnsCanonicalKey_WhenSpelledWithUnderscoresCaseOrSpaces(string key, string canonical)
    {
        Assert.Equal(canonical, QueueSettings.NormalizeKey(key));
        Assert.True(QueueSettings.IsKnownKey(key));
    }

    [Theory]
    [InlineData("colour")]
    [InlineData("max retries")]
    [InlineData("")]
    public void IsKnownKey_IsFalse_WhenKeyIsNotASetting(string key)
    {
        Assert.False(QueueSettings.IsKnownKey(key));
    }

    [Fact]
    public void Keys_AreTheCanonicalNamesInDisplayOrder_WhenListed()
    {
        Assert.Equal(
            ["max-retries", "backoff-base", "backoff-max-seconds", "job-timeout-seconds",
             "keep-completed-for", "keep-completed-max", "keep-dead-for", "keep-dead-max"],
            QueueSettings.Keys.AsEnumerable());
    }

    [Fact]
    public void With_ReturnsChangedSettingsAndNoError_WhenValueIsValid()
    {
        var (settings, error) = Defaults.With("backoff_base", "1.25");

        Assert.Null(error);
        Assert.Equal(new QueueSettings(3, 1.25, 3600), settings);
    }

    [Fact]
    public void With_ReturnsErrorAndNoSettings_WhenValueIsInvalid()
    {
        var (settings, error) = Defaults.With("max-retries", "lots");

        Assert.Null(settings);
        Assert.Equal("max-retries must be a whole number from 0 to 1000, not 'lots'", error);
    }

    [Fact]
    public void ToDictionary_FormatsInvariantly_WhenBaseIsFractional()
    {
        var values = new QueueSettings(0, 1.5, 60).ToDictionary();

        Assert.Equal("0", values["max-retries"]);
        Assert.Equal("1.5", values["backoff-base"]);
        Assert.Equal("60", values["backoff-max-seconds"]);
        Assert.Equal("0", values["job-timeout-seconds"]);
    }

    [Fact]
    public void Validated_ReturnsTheSameSettings_WhenDefaultsAreValid()
    {
        Assert.Equal(Defaults, Defaults.Validated());
    }

    [Theory]
    [InlineData(-1, 2, 3600, "max-retries")]
    [InlineData(3, 0.5, 3600, "backoff-base")]
    [InlineData(3, 2, 0, "backoff-max-seconds")]
    [InlineData(3, 2, 3600, "job-timeout-seconds", -1)]
    [InlineData(3, 2, 3600, "job-timeout-seconds", 604801)]
    public void Validated_ThrowsNamingTheKey_WhenADefaultIsOutOfRange(int maxRetries, double backoffBase, int cap, string key, int timeout = 0)
    {
        var error = Assert.Throws<ArgumentException>(() => new QueueSettings(maxRetries, backoffBase, cap, timeout).Validated());

        Assert.StartsWith($"invalid queuectl setting: {key} must be", error.Message);
    }
}
