namespace DicomPipeline.Orthanc;

/// <summary>
/// Where the Orthanc server is and how to talk to it. Bound from the configuration section
/// <c>DicomPipeline:Orthanc</c> (<see cref="SectionName"/>).
/// </summary>
public sealed class OrthancOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "DicomPipeline:Orthanc";

    /// <summary>The default <see cref="BaseUrl"/>: Orthanc's own default HTTP port on this machine.</summary>
    public const string DefaultBaseUrl = "http://localhost:8042";

    /// <summary>
    /// The address of Orthanc's REST API, e.g. <c>http://localhost:8042</c> or <c>https://pacs.example.org/orthanc/</c>.
    /// Credentials written into the address (<c>http://user:password@host</c>) are used when <see cref="Username"/> is
    /// not set, and are never shown in messages.
    /// </summary>
    public string BaseUrl { get; set; } = DefaultBaseUrl;

    /// <summary>The user for HTTP basic authentication; none is sent when null or empty.</summary>
    public string? Username { get; set; }

    /// <summary>The password for HTTP basic authentication. Never logged or shown in messages.</summary>
    public string? Password { get; set; }

    /// <summary>How long one attempt of one request may take before it is abandoned (and retried). 30 seconds by default.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many times a request that failed transiently (connection refused, 5xx, 429, timeout) is retried. 3 by default.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>The delay before the first retry; later ones back off exponentially, with jitter. 2 seconds by default.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How many instances are uploaded (or copied, by the server chores) at the same time. 4 by default.</summary>
    public int UploadParallelism { get; set; } = 4;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">An option is out of range or the address is not an absolute http(s) URL.</exception>
    internal void ThrowIfInvalid()
    {
        var error = Validate();
        if (error is not null)
        {
            throw new ArgumentException(error);
        }
    }

    /// <summary>The first problem with the options, or null when they are usable. Never contains the password.</summary>
    internal string? Validate()
    {
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return $"{nameof(OrthancOptions)}.{nameof(BaseUrl)} must be an absolute http or https URL.";
        }

        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromHours(1))
        {
            return $"{nameof(OrthancOptions)}.{nameof(Timeout)} must be more than zero and at most one hour.";
        }

        if (MaxRetryAttempts is < 0 or > 10)
        {
            return $"{nameof(OrthancOptions)}.{nameof(MaxRetryAttempts)} must be from 0 to 10.";
        }

        if (RetryDelay < TimeSpan.Zero || RetryDelay > TimeSpan.FromMinutes(1))
        {
            return $"{nameof(OrthancOptions)}.{nameof(RetryDelay)} must be from zero to one minute.";
        }

        if (UploadParallelism is < 1 or > 64)
        {
            return $"{nameof(OrthancOptions)}.{nameof(UploadParallelism)} must be from 1 to 64.";
        }

        return null;
    }

    /// <summary>The address as a URI ending in '/', so that relative routes keep a path prefix such as <c>/orthanc/</c>.</summary>
    internal Uri GetBaseAddress()
    {
        var builder = new UriBuilder(BaseUrl) { UserName = string.Empty, Password = string.Empty, Query = string.Empty, Fragment = string.Empty };
        if (!builder.Path.EndsWith('/'))
        {
            builder.Path += "/";
        }

        return builder.Uri;
    }

    /// <summary>The address as shown in messages: no credentials, no trailing slash.</summary>
    internal string GetDisplayUrl() => GetBaseAddress().AbsoluteUri.TrimEnd('/');

    /// <summary>The user and password to send: the options', else those written in the address; null for none.</summary>
    internal (string User, string Password)? GetCredentials()
    {
        if (!string.IsNullOrEmpty(Username))
        {
            return (Username, Password ?? string.Empty);
        }

        if (Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.UserInfo))
        {
            var parts = uri.UserInfo.Split(':', 2);
            return (Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : string.Empty);
        }

        return null;
    }

    /// <summary>A copy, so later changes do not affect a client already made.</summary>
    internal OrthancOptions Snapshot() => new()
    {
        BaseUrl = BaseUrl,
        Username = Username,
        Password = Password,
        Timeout = Timeout,
        MaxRetryAttempts = MaxRetryAttempts,
        RetryDelay = RetryDelay,
        UploadParallelism = UploadParallelism,
    };
}
