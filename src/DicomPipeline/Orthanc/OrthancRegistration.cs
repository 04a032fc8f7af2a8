using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace DicomPipeline.Orthanc;

/// <summary>Registers <see cref="IOrthancClient"/> as a typed <see cref="HttpClient"/> with the standard resilience handler.</summary>
internal static class OrthancRegistration
{
    /// <summary>The most a whole request, retries included, may take (the resilience handler's own upper bound).</summary>
    private static readonly TimeSpan MaxTotalTimeout = TimeSpan.FromHours(24);

    /// <summary>
    /// Adds <see cref="IOrthancClient"/> configured from <see cref="IOptions{OrthancOptions}"/> (bind them to
    /// <see cref="OrthancOptions.SectionName"/>): base address, basic authentication, the per-attempt timeout and the
    /// retries of the standard resilience handler (exponential back-off with jitter on connection failures, 5xx, 408,
    /// 429 and timeouts), and its circuit breaker.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <returns>The HTTP client builder, for further configuration.</returns>
    public static IHttpClientBuilder AddOrthancClient(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<OrthancOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OrthancOptions>, OrthancOptionsValidator>());

        var builder = services.AddHttpClient<IOrthancClient, OrthancClient>((provider, client) =>
            ConfigureClient(client, provider.GetRequiredService<IOptions<OrthancOptions>>().Value));

        builder.AddStandardResilienceHandler().Configure((HttpStandardResilienceOptions resilience, IServiceProvider provider) =>
            Configure(resilience, provider.GetRequiredService<IOptions<OrthancOptions>>().Value));
        return builder;
    }

    /// <summary>
    /// A client for use without a container (<see cref="OrthancConnection"/>): a plain <see cref="HttpClient"/> whose
    /// handler runs the same resilience strategies as the container's standard handler, built from the same options.
    /// </summary>
    internal static HttpClient CreateHttpClient(OrthancOptions options)
    {
        var resilience = new HttpStandardResilienceOptions();
        Configure(resilience, options);

        // The standard handler's order, outermost first: the whole request's time-out, retries, the breaker, each attempt's time-out.
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddTimeout(resilience.TotalRequestTimeout)
            .AddRetry(resilience.Retry)
            .AddCircuitBreaker(resilience.CircuitBreaker)
            .AddTimeout(resilience.AttemptTimeout)
            .Build();
        var client = new HttpClient(new ResilienceHandler(pipeline) { InnerHandler = new SocketsHttpHandler() }, disposeHandler: true);
        ConfigureClient(client, options);
        return client;
    }

    /// <summary>Base address, authentication and headers, the same under a container and without one.</summary>
    private static void ConfigureClient(HttpClient client, OrthancOptions options)
    {
        client.BaseAddress = options.GetBaseAddress();

        // The resilience handler times each attempt and the whole request; HttpClient's own 100 s limit would cut
        // across both.
        client.Timeout = Timeout.InfiniteTimeSpan;
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (options.GetCredentials() is var (user, password))
        {
            var token = Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", token);
        }
    }

    /// <summary>Sets the resilience handler from the options, keeping its own consistency rules.</summary>
    internal static void Configure(HttpStandardResilienceOptions resilience, OrthancOptions options)
    {
        resilience.AttemptTimeout.Timeout = options.Timeout;
        if (options.MaxRetryAttempts == 0)
        {
            // The retry strategy needs at least one attempt configured; handling nothing turns it off.
            resilience.Retry.ShouldHandle = static _ => PredicateResult.False();
        }
        else
        {
            resilience.Retry.MaxRetryAttempts = options.MaxRetryAttempts;
        }

        resilience.Retry.Delay = options.RetryDelay;
        resilience.Retry.BackoffType = DelayBackoffType.Exponential;
        resilience.Retry.UseJitter = true;

        // Every attempt at its longest, plus the back-off between them (doubling from RetryDelay, jitter included).
        var attempts = options.MaxRetryAttempts + 1;
        var total = (options.Timeout * attempts) + (options.RetryDelay * Math.Pow(2, attempts)) + TimeSpan.FromSeconds(1);
        resilience.TotalRequestTimeout.Timeout = total < MaxTotalTimeout ? total : MaxTotalTimeout;

        // The handler requires the breaker's sampling window to be at least twice the attempt timeout.
        var sampling = options.Timeout * 2;
        resilience.CircuitBreaker.SamplingDuration = sampling > TimeSpan.FromSeconds(30) ? sampling : TimeSpan.FromSeconds(30);
    }
}
