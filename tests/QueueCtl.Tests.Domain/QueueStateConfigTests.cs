using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;
using QueueCtl.Tests.Domain.Support;
using static QueueCtl.Tests.Domain.Support.Clock;

namespace QueueCtl.Tests.Domain;

/// <summary><c>queuectl config set KEY VALUE</c> → <see cref="SetConfig"/> → <see cref="ConfigChanged"/>.</summary>
public sealed class QueueStateConfigTests
{
    [Theory]
    [InlineData("max-retries", "5", "5")]
    [InlineData("backoff-base", "1.5", "1.5")]
    [InlineData("backoff-max-seconds", "60", "60")]
    [InlineData("max-retries", " 7 ", "7")]
    [InlineData("max-retries", "0", "0")]
    [InlineData("max-retries", "1000", "1000")]
    [InlineData("backoff-base", "1", "1")]
    [InlineData("backoff-base", "100", "100")]
    [InlineData("backoff-max-seconds", "604800", "604800")]
    [InlineData("job-timeout-seconds", "0", "0")]
    [InlineData("job-timeout-seconds", "90", "90")]
    [InlineData("job_timeout_seconds", "604800", "604800")]
    public void SetConfig_StoresCanonicalValue_WhenValueIsValid(string key, string value, string stored)
    {
        var decision = Given.NoEvents().Decide(new SetConfig(key, value), At(1));

        var canonical = QueueSettings.NormalizeKey(key);
        Expect.Events(decision, new ConfigChanged(canonical, stored, At(1)));
        Assert.Equal(stored, Assert.IsType<ConfigView>(decision.Reply).Values[canonical]);
    }

    [Theory]
    [InlineData("max_retries")]
    [InlineData("MAX_RETRIES")]
    [InlineData(" Max-Retries ")]
    public void SetConfig_StoresCanonicalKey_WhenKeyIsSpelledDifferently(string key)
    {
        var decision = Given.NoEvents().Decide(new SetConfig(key, "9"), T0);

        Expect.Events(decision, new ConfigChanged("max-retries", "9", T0));
    }

    [Fact]
    public void SetConfig_RepliesWithEverySetting_WhenAccepted()
    {
        var decision = Given.NoEvents().Decide(new SetConfig("backoff-base", "3"), T0);

        var view = Assert.IsType<ConfigView>(decision.Reply);
        Assert.Equal(
            ["backoff-base", "backoff-max-seconds", "job-timeout-seconds", "keep-completed-for", "keep-completed-max", "keep-dead-for", "keep-dead-max", "max-retries"],
            view.Values.Keys);
        Assert.Equal(["3", "3600", "0", "forever", "1000000", "forever", "1000000", "3"], view.Values.Values);
    }

    [Fact]
    public void ConfigChanged_ChangesSettingsAndOverrides_WhenApplied()
    {
        var state = Given.NoEvents().Run(new SetConfig("max_retries", "5"), T0).Run(new SetConfig("backoff-base", "2.5"), T0);

        Assert.Equal(new QueueSettings(5, 2.5, 3600), state.Settings);
        Assert.Equal(Given.Defaults, state.Defaults);
        Assert.Equal([new("backoff-base", "2.5"), new KeyValuePair<string, string>("max-retries", "5")], state.ConfigOverrides);
    }

    [Theory]
    [InlineData("max-retries", "-1")]
    [InlineData("max-retries", "1001")]
    [InlineData("max-retries", "2.5")]
    [InlineData("max-retries", "three")]
    [InlineData("max-retries", "")]
    [InlineData("backoff-base", "0.5")]
    [InlineData("backoff-base", "101")]
    [InlineData("backoff-base", "NaN")]
    [InlineData("backoff-base", "Infinity")]
    [InlineData("backoff-base", "2,5")]
    [InlineData("backoff-max-seconds", "0")]
    [InlineData("backoff-max-seconds", "604801")]
    [InlineData("backoff-max-seconds", "1.5")]
    [InlineData("job-timeout-seconds", "-1")]
    [InlineData("job-timeout-seconds", "604801")]
    [InlineData("job-timeout-seconds", "90s")]
    [InlineData("job-timeout-seconds", "1.5")]
    public void SetConfig_IsRejectedWithAllowedRange_WhenValueIsInvalid(string key, string value)
    {
        var rejected = Expect.Rejected(Given.NoEvents().Decide(new SetConfig(key, value), T0), RejectionKind.InvalidInput);

        Assert.StartsWith($"{key} must be", rejected.Reason);
        Assert.Contains($"'{value}'", rejected.Reason);
    }

    [Fact]
    public void SetConfig_IsRejectedListingKnownKeys_WhenKeyIsUnknown()
    {
        var rejected = Expect.Rejected(Given.NoEvents().Decide(new SetConfig("colour", "blue"), T0), RejectionKind.InvalidInput);

        Assert.Contains("unknown config key 'colour'", rejected.Reason);
        Assert.Contains("max-retries, backoff-base, backoff-max-seconds, job-timeout-seconds", rejected.Reason);
    }

    [Fact]
    public void SetConfig_AppliesMaxRetriesOnlyToJobsEnqueuedAfter_WhenChanged()
    {
        var state = Given.Events(Given.Workers(2))
            .Run(Given.Enqueue(new JobSubmission("before", "false")), T0)
            .Run(new SetConfig("max_retries", "0"), At(1))
            .Run(Given.Enqueue(new JobSubmission("after", "false")), At(2))
            .Run(StartNextJobs.Instance, At(3));

        Assert.Equal((3, 0), (state.Find("before")!.MaxRetries, state.Find("after")!.MaxRetries));
        Expect.Single<JobFailed>(state.Decide(Given.Exit("before", 1, 1), At(4)));
        Expect.Single<JobDied>(state.Decide(Given.Exit("after", 1, 1), At(4)));
    }
}
