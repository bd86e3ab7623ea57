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

    [Fact]
    public void Session_OutlivesTheHost_InAnOwnerOnlyFileOfHashes_UntilItsLifetimeEnds()
    {
        var directory = Directory.CreateTempSubdirectory("queuectl-sessions-").FullName;
        try
        {
            var file = Path.Combine(directory, "dashboard.sessions");
            var clock = new Clock();
            var before = new DashboardAccess(clock, file);
            var token = before.MintToken();
            var kept = before.Redeem(token)!;

            var restarted = new DashboardAccess(clock, file);

            Assert.True(restarted.IsSession(kept));
            Assert.True(restarted.HasSessions);
            Assert.DoesNotContain(kept, File.ReadAllText(file));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            }
            clock.Now += DashboardAccess.SessionLifetime;
            Assert.False(restarted.IsSession(kept));
            Assert.False(new DashboardAccess(clock, file).HasSessions);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
