using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace DicomPipeline.Web.Safety;

/// <summary>
/// Sessions of people who entered the key on the page: a random token in an HttpOnly, SameSite=Strict cookie, valid
/// for <see cref="WebSettings.SessionLifetime"/> by the server's clock. The cookie itself carries no expiry (the
/// browser's clock never decides), so this store is the one place a session ends. Kept in memory, so a restart signs
/// everyone out.
/// </summary>
internal sealed class SessionStore(TimeProvider time, IOptions<WebSampleOptions> options)
{
    /// <summary>The cookie's name.</summary>
    public const string CookieName = "dicompipeline_session";

    private readonly ConcurrentDictionary<string, DateTimeOffset> _sessions = new(StringComparer.Ordinal);

    /// <summary>Starts a session and returns its token.</summary>
    public string Create()
    {
        var now = time.GetUtcNow();
        foreach (var (token, expires) in _sessions)
        {
            if (expires <= now)
            {
                _sessions.TryRemove(token, out _);
            }
        }

        var created = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        _sessions[created] = now + options.Value.Web.SessionLifetime;
        return created;
    }

    /// <summary>Whether the token is a session that has not ended.</summary>
    public bool IsValid(string? token) =>
        token is not null && _sessions.TryGetValue(token, out var expires) && expires > time.GetUtcNow();

    /// <summary>Ends the session, if there is one.</summary>
    public void Remove(string? token)
    {
        if (token is not null)
        {
            _sessions.TryRemove(token, out _);
        }
    }
}
