using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DicomPipeline.Orthanc;

/// <summary>
/// An <see cref="IOrthancClient"/> with its own HTTP plumbing (the same typed client, handlers and resilience as the
/// container registration), for use without a dependency injection container: console tools, scripts and tests.
/// Dispose it to close its connections. Inside an application, resolve <see cref="IOrthancClient"/> from
/// <c>AddDicomPipeline()</c> instead.
/// </summary>
public sealed class OrthancConnection : IDisposable, IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private OrthancConnection(ServiceProvider services, OrthancOptions options)
    {
        _services = services;
        Options = options;
        Client = services.GetRequiredService<IOrthancClient>();
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
        var services = new ServiceCollection();
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(snapshot));
        OrthancRegistration.AddOrthancClient(services);
        return new OrthancConnection(services.BuildServiceProvider(), snapshot.Snapshot());
    }

    /// <inheritdoc/>
    public void Dispose() => _services.Dispose();

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
