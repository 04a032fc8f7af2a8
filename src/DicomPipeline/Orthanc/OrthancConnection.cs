namespace DicomPipeline.Orthanc;

/// <summary>
/// An <see cref="IOrthancClient"/> with its own HTTP plumbing, for use without a dependency injection container: console
/// tools, scripts and tests. It holds one <see cref="HttpClient"/> whose handler retries, times out and breaks the
/// circuit as the container registration's standard resilience handler does, from the same options. Dispose it to
/// close its connections. Inside an application, resolve <see cref="IOrthancClient"/> from <c>AddDicomPipeline()</c>
/// instead (there it comes from <c>IHttpClientFactory</c>).
/// </summary>
public sealed class OrthancConnection : IDisposable, IAsyncDisposable
{
    private readonly HttpClient _http;

    private OrthancConnection(HttpClient http, OrthancOptions options)
    {
        _http = http;
        Options = options;
        Client = new OrthancClient(http, Microsoft.Extensions.Options.Options.Create(options));
    }

    /// <summary>The client.</summary>
    public IOrthancClient Client { get; }

    /// <summary>The server's address without any credentials written into it, for messages.</summary>
    public string ServerUrl => Options.GetDisplayUrl();

    /// <summary>A copy of the options the connection was made with.</summary>
    public OrthancOptions Options { get; }

    /// <summary>Makes a connection to the server <paramref name="options"/> describe; nothing is sent yet.</summary>
    /// <param name="options">The server address, credentials, timeout and retries; copied.</param>
    /// <returns>The connection.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid (e.g. the address is not an absolute http URL).</exception>
    public static OrthancConnection Create(OrthancOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        var snapshot = options.Snapshot();
        return new OrthancConnection(OrthancRegistration.CreateHttpClient(snapshot), snapshot);
    }

    /// <inheritdoc/>
    public void Dispose() => _http.Dispose();

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }
}
