using QueueCtl.Host.Dashboard;

namespace QueueCtl.Tests.Actors;

/// <summary>The dashboard's tokens and sessions: a token buys one session, once, within its lifetime.</summary>
public sealed class DashboardAccessTests
{
    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 12, 6, 5, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void Redeem_GivesOneSession_ForATokenUsedOnce()
    {
        var access = new DashboardAccess(new Clock());
        var token = access.MintToken();

        var session = access.Redeem(token);

        Assert.NotNull(session);
        Assert.True(access.IsSession(session));
        Assert.Null(access.Redeem(token));
        Assert.Matches("^[A-Za-z0-9_-]{43}$", token);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", session);
    }

    [Fact]
    public void Redeem_RefusesAnUnknownOrExpiredToken()
    {
        var clock = new Clock();
        var access = new DashboardAccess(clock);
        var token = access.MintToken();

        clock.Now += DashboardAccess.TokenLifetime + TimeSpan.FromSeconds(1);

        Assert.Null(access.Redeem(token));
        Assert.Null(access.Redeem("made-up"));
        Assert.False(access.IsSession(null));
        Assert.False(access.IsSession(token));
    }

    [Fact]
    public void MintToken_GivesADifferentTokenEachTime()
    {
        var access = new DashboardAccess(new Clock());

        Assert.NotEqual(access.MintToken(), access.MintToken());
    }
}
