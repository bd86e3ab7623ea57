using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;
using QueueCtl.Tests.Actors.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.Actors;

/// <summary><c>queuectl config show / get / set</c>: settings persisted in the host.</summary>
public sealed class QueueManagerConfigTests(ITestOutputHelper output) : QueueTestKit(output)
{
    [Fact]
    public async Task SetConfig_ChangesTheSettingForJobsEnqueuedLater_WhenTheValueIsValid()
    {
        var manager = NewManager();
        var before = await EnqueueAsync(manager, "before", "true");

        var view = await AskAsync<ConfigView>(manager, new SetConfig("MAX_RETRIES", "7"));
        var after = await EnqueueAsync(manager, "after", "true");

        Assert.Equal("7", view.Values["max-retries"]);
        Assert.Equal(view.Values, (await AskAsync<ConfigView>(manager, GetConfig.Instance)).Values);
        Assert.Equal((3, 7), (before.MaxRetries, after.MaxRetries));
    }

    [Theory]
    [InlineData("backoff-base", "0")]
    [InlineData("max-retries", "-1")]
    [InlineData("no-such-key", "1")]
    public async Task SetConfig_IsRejectedAsInvalidInput_WhenTheKeyOrValueIsNotAllowed(string key, string value)
    {
        var manager = NewManager();

        var rejected = await AskAsync<CommandRejected>(manager, new SetConfig(key, value));

        Assert.Equal(RejectionKind.InvalidInput, rejected.Kind);
        Assert.Equal("1", (await AskAsync<ConfigView>(manager, GetConfig.Instance)).Values["backoff-base"]);
    }

}
