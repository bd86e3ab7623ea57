using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace QueueCtl.Host.Dashboard;

/// <summary>
/// Who may see the dashboard: the holder of a one-time token that <c>queuectl dashboard</c> minted (so, someone who can
/// reach the host with the queue certificate: the owner), and then the browser that redeemed it, by its session cookie.
/// Both are random and kept in memory only: a restarted host has forgotten every token and session.
/// </summary>
internal sealed class DashboardAccess(TimeProvider clock)
{
    /// <summary>A printed link is meant to be opened now; one found in a terminal's scrollback tomorrow should not work.</summary>
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(15);

    public const string CookieName = "queuectl_session";

    private readonly ConcurrentDictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _sessions = new(StringComparer.Ordinal);

    /// <summary>A new one-time token: 32 random bytes, base64url.</summary>
    public string MintToken()
    {
        var now = clock.GetUtcNow();
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
        if (!_tokens.TryRemove(token, out var minted) || clock.GetUtcNow() - minted > TokenLifetime)
        {
            return null;
        }
        var session = NewSecret();
        _sessions[session] = 0;
        return session;
    }

    public bool IsSession(string? cookie) => cookie is { Length: > 0 } && _sessions.ContainsKey(cookie);

    private static string NewSecret() => Base64Url(RandomNumberGenerator.GetBytes(32));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
