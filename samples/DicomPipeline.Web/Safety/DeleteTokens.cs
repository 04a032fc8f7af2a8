using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace DicomPipeline.Web.Safety;

/// <summary>
/// The tokens a delete-all dry run issues: random, valid for <see cref="WebSettings.DeleteTokenLifetime"/>, usable once,
/// and bound to the studies the dry run listed, so a delete removes only what the person saw.
/// </summary>
internal sealed class DeleteTokens(TimeProvider time, IOptions<WebSampleOptions> options)
{
    private readonly ConcurrentDictionary<string, Issued> _tokens = new(StringComparer.Ordinal);

    /// <summary>Issues a token for the listed studies.</summary>
    public (string Token, DateTimeOffset Expires) Issue(IReadOnlyCollection<string> studyIds)
    {
        var now = time.GetUtcNow();
        foreach (var (old, issued) in _tokens)
        {
            if (issued.Expires <= now)
            {
                _tokens.TryRemove(old, out _);
            }
        }

        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var expires = now + options.Value.Web.DeleteTokenLifetime;
        _tokens[token] = new Issued(expires, new HashSet<string>(studyIds, StringComparer.Ordinal));
        return (token, expires);
    }

    /// <summary>Takes the token (it cannot be used again) and returns the studies it was issued for, or why not.</summary>
    public bool TryTake(string? token, out IReadOnlySet<string> studyIds, out string refusal)
    {
        studyIds = new HashSet<string>();
        if (string.IsNullOrEmpty(token) || !_tokens.TryRemove(token, out var issued))
        {
            refusal = "The token is unknown or was already used; list the studies again (dry run) to get a new one; nothing was deleted.";
            return false;
        }

        if (issued.Expires <= time.GetUtcNow())
        {
            refusal = "The token has expired; list the studies again (dry run) to get a new one; nothing was deleted.";
            return false;
        }

        studyIds = issued.StudyIds;
        refusal = string.Empty;
        return true;
    }

    private sealed record Issued(DateTimeOffset Expires, HashSet<string> StudyIds);
}
