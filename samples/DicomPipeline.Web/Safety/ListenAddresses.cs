using System.Net;

namespace DicomPipeline.Web.Safety;

/// <summary>
/// Where the app listens. Unless <c>urls</c> (<c>--urls</c>, <c>ASPNETCORE_URLS</c>, <c>Urls</c> in a settings file) or
/// <c>Kestrel:Endpoints</c> says otherwise, it listens on <see cref="DefaultUrl"/> only: whatever the working folder
/// (appsettings.json is read from it) and whatever <c>ASPNETCORE_HTTP_PORTS</c> says (container images set it, and it
/// means every interface). And it refuses to listen beyond loopback without an API key.
/// </summary>
internal static class ListenAddresses
{
    /// <summary>The address when none is configured.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>The host names that mean this machine only, for <c>AllowedHosts</c> when it is not configured.</summary>
    public static readonly string[] LoopbackHosts = ["localhost", "127.0.0.1", "[::1]"];

    /// <summary>Puts the app on <see cref="DefaultUrl"/> unless addresses are configured, then checks them.</summary>
    /// <exception cref="InvalidOperationException">An address beyond loopback is configured and there is no API key.</exception>
    public static void Apply(WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var endpoints = configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>().ToList();
        if (string.IsNullOrWhiteSpace(configuration["urls"]) && endpoints.Count == 0)
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var urls = (configuration["urls"] ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat(endpoints);
        var exposed = urls.Where(url => !IsLoopback(url)).ToList();
        if (exposed.Count > 0 && string.IsNullOrWhiteSpace(configuration["DicomPipeline:Web:ApiKey"]))
        {
            throw new InvalidOperationException(
                $"Refusing to listen on {string.Join(", ", exposed)} without an API key: set DicomPipeline:Web:ApiKey "
                + "(e.g. the environment variable DicomPipeline__Web__ApiKey) or listen on 127.0.0.1 only.");
        }
    }

    /// <summary>Whether a URL's host is this machine only; <c>*</c>, <c>+</c>, <c>0.0.0.0</c> and names other than localhost are not.</summary>
    public static bool IsLoopback(string url)
    {
        var host = url;
        var scheme = host.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            host = host[(scheme + 3)..];
        }

        var end = host.StartsWith('[') ? host.IndexOf(']', StringComparison.Ordinal) + 1 : host.IndexOfAny([':', '/']);
        host = end > 0 ? host[..end] : host;
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }
}
