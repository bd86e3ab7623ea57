using Akka.Actor;
using QueueCtl.Actors.Hosting;

namespace QueueCtl.Tests.Domain.Serialization;

/// <summary>A real actor system with the library's HOCON, so serializer lookups go through its bindings.</summary>
public sealed class ActorSystemFixture : IAsyncLifetime
{
    public ActorSystem System { get; } = ActorSystem.Create("t", QueueCtlConfig.Default);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => System.Terminate();
}
