using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DicomPipeline.IntegrationTests.Infrastructure;

/// <summary>
/// The web sample in process, configured by settings (as its appsettings.json would be) and, for tests that need it, a
/// change to its services. Every log line it writes is kept in <see cref="Logs"/>, at Trace, so tests can check that no
/// patient data is logged. <see cref="StartKestrel"/> puts it on a real port on 127.0.0.1 for a browser.
/// </summary>
public sealed class WebAppFactory(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    : WebApplicationFactory<Program>
{
    /// <summary>Every log message written so far, formatted.</summary>
    public ConcurrentQueue<string> Logs { get; } = new();

    /// <summary>The header scripts send the API key in.</summary>
    public const string ApiKeyHeader = "X-Api-Key";

    /// <summary>The API key of the settings, or null when they have none.</summary>
    public string? ApiKey => settings.TryGetValue("DicomPipeline:Web:ApiKey", out var key) ? key : null;

    /// <summary>A client that sends no API key and no cookie, as a stranger's script would.</summary>
    public HttpClient CreateClientWithoutKey()
    {
        var client = CreateDefaultClient();
        client.DefaultRequestHeaders.Remove(ApiKeyHeader);
        return client;
    }

    /// <summary>A client of the app on Kestrel (<see cref="StartKestrel"/>) that sends the API key, as a script would.</summary>
    public HttpClient CreateKestrelClient(Uri address)
    {
        var client = new HttpClient { BaseAddress = address };
        if (ApiKey is { } key)
        {
            client.DefaultRequestHeaders.Add(ApiKeyHeader, key);
        }

        return client;
    }

    /// <summary>Starts the app on Kestrel on a free port of 127.0.0.1 and returns its address (e.g. <c>http://127.0.0.1:40123</c>).</summary>
    public Uri StartKestrel()
    {
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address);
    }

    protected override void ConfigureClient(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        base.ConfigureClient(client);
        if (ApiKey is { } key)
        {
            client.DefaultRequestHeaders.Add(ApiKeyHeader, key);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Trace);
            logging.AddProvider(new CapturingLoggerProvider(Logs));
        });

        if (services is not null)
        {
            builder.ConfigureTestServices(services);
        }
    }

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> logs) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, logs);

        public void Dispose()
        {
        }
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<string> logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logs.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
