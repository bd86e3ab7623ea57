using Akka.Actor;

namespace QueueCtl.Actors.Security;

/// <summary>
/// The user guardian's strategy on the host: a top-level actor that receives <c>Kill</c> is restarted, not stopped.
/// Akka.NET's untrusted mode drops <c>PoisonPill</c> from a remote peer but lets <c>Kill</c> through, and the default
/// strategy would stop the queue's entry actor for good; every other failure is decided as by default.
/// </summary>
public sealed class RestartWhenKilled : SupervisorStrategyConfigurator
{
    /// <summary>The setting that installs this strategy: <c>akka.actor.guardian-supervisor-strategy</c>.</summary>
    public static readonly string Hocon =
        $"akka.actor.guardian-supervisor-strategy = {Hosting.HoconString.Quote($"{typeof(RestartWhenKilled).FullName}, {typeof(RestartWhenKilled).Assembly.GetName().Name}")}";

    public override SupervisorStrategy Create() => new OneForOneStrategy(Decider.From(Decide));

    public static Directive Decide(Exception cause) =>
        cause is ActorKilledException ? Directive.Restart : SupervisorStrategy.DefaultDecider.Decide(cause);
}
