using System.Collections.Concurrent;
using System.Security.Cryptography;
using QueueCtl.Actors.Security;

namespace QueueCtl.Host.Dashboard;

/// <summary>
/// Who may see the dashboard: the holder of a one-time token that <c>queuectl dashboard</c> minted (so, someone who can
/// reach the host with the queue certificate: the owner), and then the browser that redeemed it, by its session cookie.
/// Both are random. Tokens are kept in memory only; sessions are also written, as SHA-256 hashes with the time they
/// began, to an owner-only file in the data directory (<paramref name="sessionsFile"/>, if given), so a page left open
/// carries on across a host restart. A session lasts <see cref="SessionLifetime"/>; deleting the file and restarting
/// the host ends them all.
/// </summary>
internal sealed class DashboardAccess
{
    private readonly TimeProvider _clock;
    private readonly string? _sessionsFile;
    private readonly Lock _writing = new();

    public DashboardAccess(TimeProvider clock, string? sessionsFile = null)
    {
        _clock = clock;
        _sessionsFile = sessionsFile;
        if (sessionsFile is not null && File.Exists(sessionsFile))
        {
            var now = clock.GetUtcNow();
            foreach (var line in File.ReadAllLines(sessionsFile))
            {
                var parts = line.Split(' ');
                if (parts.Length == 2 && long.TryParse(parts[1], out var began) &&
                    now - DateTimeOffset.FromUnixTimeSeconds(began) < SessionLifetime)
                {
                    _sessions[parts[0]] = began;
                }
            }
        }
    }

    /// <summary>How long a browser's session lasts, across host restarts.</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromDays(7);

    /// <summary>Whether any browser has a session that has not ended: then a restarted host serves the dashboard at once.</summary>
    public bool HasSessions => !_sessions.IsEmpty;

    /// <summary>A printed link is meant to be opened now; one found in a terminal's scrollback tomorrow should not work.</summary>
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(15);

    public const string CookieName = "queuectl_session";

    private readonly ConcurrentDictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    /// <summary>The sessions by the hash of their secret, with the second they began.</summary>
    private readonly ConcurrentDictionary<string, long> _sessions = new(StringComparer.Ordinal);

    /// <summary>A new one-time token: 32 random bytes, base64url.</summary>
    public string MintToken()
    {
        var now = _clock.GetUtcNow();
        // Unused tokens would pile up otherwise (one per `queuectl dashboard` that nobody opened).
        foreach (var (token, minted) in _tokens)
        {
            if (now - minted > TokenLifetime)
            {
                _tokens.TryRemove(token, out _);
            }
        }
        var fresh = NewSecret();
        _tokens[fresh] = now;
        return fresh;
    }

    /// <summary>A new session for a token not used before and not expired; null otherwise. The token is spent either way.</summary>
    public string? Redeem(string token)
    {
        var now = _clock.GetUtcNow();
        if (!_tokens.TryRemove(token, out var minted) || now - minted > TokenLifetime)
        {
            return null;
        }
        var session = NewSecret();
        var hash = Hash(session);
        _sessions[hash] = now.ToUnixTimeSeconds();
        Save();
        return session;
    }

    public bool IsSession(string? cookie) =>
        cookie is { Length: > 0 } && _sessions.TryGetValue(Hash(cookie), out var began) &&
        _clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(began) < SessionLifetime;

    /// <summary>Rewrites the file with the sessions that have not ended (a few lines: one per browser signed in this week).</summary>
    private void Save()
    {
        if (_sessionsFile is null)
        {
            return;
        }
        var now = _clock.GetUtcNow();
        var lines = _sessions.Where(s => now - DateTimeOffset.FromUnixTimeSeconds(s.Value) < SessionLifetime).Select(s => $"{s.Key} {s.Value}");
        lock (_writing)
        {
            var temporary = _sessionsFile + ".new";
            using (var file = OwnerOnly.Open(temporary, FileMode.Create, FileAccess.Write))
            using (var writer = new StreamWriter(file))
            {
                foreach (var line in lines)
                {
                    writer.WriteLine(line);
                }
            }
            File.Move(temporary, _sessionsFile, overwrite: true);
        }
    }

    /// <summary>The file keeps hashes only: whoever reads it cannot present them as cookies.</summary>
    private static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)));

    private static string NewSecret() => Base64Url(RandomNumberGenerator.GetBytes(32));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
