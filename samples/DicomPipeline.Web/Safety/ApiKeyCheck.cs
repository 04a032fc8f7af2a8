using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace DicomPipeline.Web.Safety;

/// <summary>
/// The app's key: <c>DicomPipeline:Web:ApiKey</c>, or, when none is configured, a random one made at start (the app
/// then listens on loopback only, which <see cref="ListenAddresses"/> enforces) and printed to the console.
/// </summary>
internal sealed class ApiKeyCheck
{
    private readonly byte[] _keyHash;

    public ApiKeyCheck(IOptions<WebSampleOptions> options)
    {
        var configured = options.Value.Web.ApiKey?.Trim();
        IsGenerated = string.IsNullOrEmpty(configured);
        Key = IsGenerated ? RandomNumberGenerator.GetHexString(32, lowercase: true) : configured!;
        _keyHash = SHA256.HashData(Encoding.UTF8.GetBytes(Key));
    }

    /// <summary>The key.</summary>
    public string Key { get; }

    /// <summary>Whether the key was made at start because none is configured.</summary>
    public bool IsGenerated { get; }

    /// <summary>Whether <paramref name="candidate"/> is the key, in a time that does not depend on where they differ.</summary>
    public bool Matches(string? candidate)
    {
        if (string.IsNullOrEmpty(candidate))
        {
            return false;
        }

        // Hashing first makes both sides the same length, so the comparison's time says nothing about the key's length.
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(candidate.Trim())), _keyHash);
    }
}
