namespace QueueCtl.Tests.EndToEnd.Support;

/// <summary>
/// The tests that build or pack queuectl themselves (NativeAOT, ReadyToRun: minutes of both cores). They run one at a
/// time and after every other test class, so their compilers neither race each other nor slow the timed tests, and
/// they share one <see cref="ReleaseBuilds"/> folder.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BuildsCollection : ICollectionFixture<ReleaseBuilds>
{
    public const string Name = "builds";
}
