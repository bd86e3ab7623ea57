using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;
using QueueCtl.Actors.Serialization;
using QueueCtl.Tests.Domain.Serialization;
using QueueCtl.Tests.Domain.Support;
using static QueueCtl.Tests.Domain.Support.Clock;

namespace QueueCtl.Tests.Domain;

/// <summary>
/// A command from a client of another build (or a buggy embedder) may lack a field: the serializer then hands
/// the manager a record with a null where the type says non-null. The answer must be a rejection, never an
/// exception in the manager's command handler.
/// </summary>
public sealed class QueueStateMalformedCommandTests(ActorSystemFixture fixture) : IClassFixture<ActorSystemFixture>
{
    private object Receive(string manifest, string json) =>
        new QueueCtlSerializer((Akka.Actor.ExtendedActorSystem)fixture.System).FromBinary(System.Text.Encoding.UTF8.GetBytes(json), manifest);

    [Theory]
    [InlineData("p.EnqueueJobs", """{"jobs":[{"id":"b"}]}""")]
    [InlineData("p.EnqueueJobs", """{}""")]
    public void Decide_RejectsAsInvalidInput_WhenEnqueueLacksFields(string manifest, string json)
    {
        var command = Receive(manifest, json);

        Expect.Rejected(Given.Events(Given.Enqueued("a")).Decide(command, T0), RejectionKind.InvalidInput);
    }

    [Theory]
    [InlineData("p.RetryDeadJob", """{}""")]
    [InlineData("p.SetConfig", """{"key":"max-retries"}""")]
    [InlineData("p.SetConfig", """{"value":"1"}""")]
    [InlineData("p.EnqueueJobs", """{"jobs":[null]}""")]
    public void Decide_RejectsInsteadOfThrowing_WhenARequiredFieldIsMissing(string manifest, string json)
    {
        var command = Receive(manifest, json);

        var decision = Given.Events(Given.Enqueued("a")).Decide(command, T0);

        Assert.Empty(decision.Events);
        Assert.IsType<CommandRejected>(decision.Reply);
    }

    [Fact]
    public void Decide_ThrowsNamingTheType_WhenCommandIsNotOneItKnows()
    {
        var error = Assert.Throws<ArgumentException>(() => Given.NoEvents().Decide(GetStatus.Instance, T0));

        Assert.Contains(nameof(GetStatus), error.Message);
    }

    [Fact]
    public void Apply_ThrowsNamingTheType_WhenEventIsNotOneItKnows()
    {
        var error = Assert.Throws<ArgumentException>(() => Given.NoEvents().Apply(new UnknownEvent(T0)));

        Assert.Contains(nameof(UnknownEvent), error.Message);
    }

    private sealed record UnknownEvent(DateTimeOffset At) : IQueueEvent;
}
