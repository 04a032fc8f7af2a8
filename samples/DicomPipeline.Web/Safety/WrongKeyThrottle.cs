using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;

namespace DicomPipeline.Web.Safety;

/// <summary>
/// Slows down guessing the key: a client address that sent <see cref="WebSettings.MaxWrongKeys"/> wrong keys within
/// <see cref="WebSettings.WrongKeyWindow"/> has every key it sends refused (429) until that window has passed, the right
/// one included, so guessing costs a window per few tries. A session cookie already given is not affected. The count is
/// per address as the app sees it: the proxy's unless <see cref="WebSettings.TrustedProxies"/> names it.
/// </summary>
internal sealed class WrongKeyThrottle(IOptions<WebSampleOptions> options, ApiKeyCheck key, TimeProvider time)
{
    /// <summary>What became of a key sent.</summary>
    public enum Verdict
    {
        /// <summary>It is the key.</summary>
        Accepted,

        /// <summary>It is not (and was counted).</summary>
        Wrong,

        /// <summary>Not looked at: the address sent too many wrong ones.</summary>
        Locked,
    }

    /// <summary>Addresses remembered at most: a flood of addresses forgets the oldest windows, never grows without bound.</summary>
    private const int MaxAddresses = 10_000;

    private readonly ConcurrentDictionary<IPAddress, Window> _windows = new();
    private readonly int _max = options.Value.Web.MaxWrongKeys;
    private readonly TimeSpan _length = options.Value.Web.WrongKeyWindow;

    /// <summary>
    /// Checks <paramref name="candidate"/> from <paramref name="address"/>: refused unseen while the address is locked out
    /// (<paramref name="wait"/> says for how long), else compared with the key, a wrong one counted.
    /// </summary>
    public Verdict Attempt(IPAddress? address, string? candidate, out TimeSpan wait)
    {
        if (LockedFor(address) is { } left)
        {
            wait = left;
            return Verdict.Locked;
        }

        wait = TimeSpan.Zero;
        if (key.Matches(candidate))
        {
            return Verdict.Accepted;
        }

        Failed(address);
        return Verdict.Wrong;
    }

    /// <summary>How long <paramref name="address"/> must still wait, or null when it may try a key now.</summary>
    private TimeSpan? LockedFor(IPAddress? address)
    {
        if (address is null || !_windows.TryGetValue(address, out var window))
        {
            return null;
        }

        var left = window.Start + _length - time.GetUtcNow();
        return window.Failures >= _max && left > TimeSpan.Zero ? left : null;
    }

    /// <summary>Counts a wrong key from <paramref name="address"/>.</summary>
    private void Failed(IPAddress? address)
    {
        if (address is null)
        {
            return;
        }

        var now = time.GetUtcNow();
        if (_windows.Count >= MaxAddresses)
        {
            foreach (var (stale, _) in _windows.Where(pair => pair.Value.Start + _length <= now))
            {
                _windows.TryRemove(stale, out _);
            }

            if (_windows.Count >= MaxAddresses)
            {
                _windows.Clear();
            }
        }

        _windows.AddOrUpdate(
            address,
            _ => new Window(now, 1),
            (_, window) => window.Start + _length <= now ? new Window(now, 1) : window with { Failures = window.Failures + 1 });
    }

    /// <summary>The 429 answer for a locked-out address.</summary>
    public static IResult TooMany(TimeSpan wait, HttpContext context)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many wrong keys",
            detail: $"Too many wrong keys from this address: no key is checked for {seconds} s.");
    }

    private sealed record Window(DateTimeOffset Start, int Failures);
}
