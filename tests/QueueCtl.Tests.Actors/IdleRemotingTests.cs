using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using QueueCtl.Actors.Hosting;
using QueueCtl.Actors.Security;
using QueueCtl.Host;
using QueueCtl.Tests.Actors.Support;

namespace QueueCtl.Tests.Actors;

/// <summary>
/// An idle host uses no CPU (spec 2.1): with remoting started on the host's settings, nothing in its scheduler repeats
/// more often than Akka.Remote's endpoint prune, every 10 s. Akka's remote watcher, useless in untrusted mode (see
/// <see cref="MutualTls.Config"/>), had ticked twice a second.
/// </summary>
public sealed class IdleRemotingTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Prune = TimeSpan.FromSeconds(10);

    private readonly TempDirectory _temp;

    public IdleRemotingTests() : this(new TempDirectory())
    {
    }

    private IdleRemotingTests(TempDirectory temp) : base(HostRemoting(temp.Path), "idle") => _temp = temp;

    private static ActorSystemSetup HostRemoting(string dataDirectory)
    {
        var config = ConfigurationFactory.ParseString("""
            akka {
              loglevel = OFF
              stdout-loglevel = OFF
              actor.provider = remote
              remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
            }
            """)
            .WithFallback(MutualTls.Config())
            .WithFallback(HostHocon.Remoting())
            .WithFallback(HostHocon.Idle())
            .WithFallback(QueueCtlConfig.Default);
        return BootstrapSetup.Create().WithConfig(config).And(MutualTls.Setup(QueueCertificate.LoadOrCreate(dataDirectory, DateTimeOffset.UtcNow)));
    }

    [Fact]
    public async Task HostRemoting_RepeatsNothingMoreOftenThanTheEndpointPrune_WhenIdle()
    {
        var scheduler = Assert.IsType<DeadlineScheduler>(Sys.Scheduler);

        // The remote watcher's ticks are there once it has started: the check below sees them, at their new interval.
        await AwaitConditionAsync(() => Task.FromResult(scheduler.Repeating().Any(t => t.Task.Contains("remote-watcher"))));

        var repeating = scheduler.Repeating();
        var tooOften = repeating.Where(t => t.Interval < Prune).Select(t => $"{t.Task} every {t.Interval}").ToList();
        Assert.True(tooOften.Count == 0, "an idle host would wake for: " + string.Join("; ", tooOften));
        Assert.All(repeating.Where(t => t.Task.Contains("remote-watcher")), t => Assert.Equal(TimeSpan.FromMinutes(1), t.Interval));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _temp.Dispose();
        }
    }
}
