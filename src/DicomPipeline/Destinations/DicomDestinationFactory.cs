using DicomPipeline.Orthanc;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace DicomPipeline.Destinations;

/// <summary>
/// Makes an <see cref="IDicomDestination"/> from <see cref="DestinationOptions"/>, choosing the protocol by the URI's
/// scheme: <c>dicom://CALLED_AE@host:port</c> (C-STORE), <c>dicomweb+http(s)://host/root</c> (STOW-RS), and
/// <c>orthanc+http(s)://host:port</c> (Orthanc's REST API). Every scheme is a destination like the others: the factory
/// has no hook for one of them; a destination of your own is an <see cref="IDicomDestination"/> handed to the pipeline.
/// </summary>
public sealed class DicomDestinationFactory
{
    private readonly Func<HttpMessageHandler>? _httpHandler;

    /// <summary>Creates a factory.</summary>
    public DicomDestinationFactory()
        : this(null)
    {
    }

    /// <summary>For tests: the HTTP handler under the resilience handler, instead of a socket handler.</summary>
    internal DicomDestinationFactory(Func<HttpMessageHandler>? httpHandler) => _httpHandler = httpHandler;

    /// <summary>How often a failed DICOMweb request is tried again, and the first back-off (doubling, with jitter).</summary>
    internal static int MaxRetryAttempts => 3;

    internal static TimeSpan RetryDelay { get; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Makes the destination <paramref name="options"/> describe; nothing is sent or connected yet.</summary>
    /// <param name="options">The destination's address and settings; copied, so later changes have no effect.</param>
    /// <returns>The destination.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid (the message says which and why, never a password).</exception>
    public IDicomDestination Create(DestinationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var copy = Copy(options);
        if (DestinationOptionsValidator.Check(copy) is { } error || !DestinationAddress.TryParse(copy.Uri, out var address, out error))
        {
            throw new ArgumentException(error, nameof(options));
        }

        copy.Parallelism ??= address.Protocol == DestinationProtocol.Dimse
            ? DestinationOptions.DefaultDimseParallelism
            : DestinationOptions.DefaultHttpParallelism;
        return address.Protocol switch
        {
            DestinationProtocol.Dimse => new DimseDestination(address, copy),
            DestinationProtocol.Orthanc => ConnectOrthanc(copy),
            _ => new DicomWebDestination(address, copy, CreateHttpClient(copy)),
        };
    }

    /// <summary>The built-in <c>orthanc+http(s)://</c> destination: the Orthanc REST client, at the address without "orthanc+".</summary>
    private static OrthancDestination ConnectOrthanc(DestinationOptions options)
    {
        var address = new Uri(options.Uri);
        var baseUrl = new UriBuilder(address) { Scheme = address.Scheme["orthanc+".Length..] }.Uri.ToString();
        return OrthancDestination.Connect(new OrthancOptions
        {
            BaseUrl = baseUrl,
            Username = options.Username,
            Password = options.Password,
            Timeout = options.Timeout,
            UploadParallelism = options.Parallelism ?? DestinationOptions.DefaultHttpParallelism,
        });
    }

    /// <summary>
    /// The client of one DICOMweb destination: each attempt bounded by <see cref="DestinationOptions.Timeout"/>,
    /// connection failures, 5xx, 408, 429 and timeouts retried with exponential back-off (Microsoft.Extensions.Http.Resilience),
    /// except requests marked <see cref="DicomWebDestination.NoRetry"/> (an echo). STOW-RS is safe to repeat: storing an
    /// instance twice leaves one.
    /// </summary>
    private HttpClient CreateHttpClient(DestinationOptions options)
    {
        var retry = new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = MaxRetryAttempts,
            Delay = RetryDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
        };
        var transient = retry.ShouldHandle;
        retry.ShouldHandle = args => args.Context.GetRequestMessage()?.Options.TryGetValue(DicomWebDestination.NoRetry, out _) == true
            ? PredicateResult.False()
            : transient(args);
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(retry)
            .AddTimeout(options.Timeout)
            .Build();
        var inner = _httpHandler?.Invoke() ?? new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = options.Parallelism ?? DestinationOptions.DefaultHttpParallelism,
        };
        return new HttpClient(new ResilienceHandler(pipeline) { InnerHandler = inner }) { Timeout = Timeout.InfiniteTimeSpan };
    }

    private static DestinationOptions Copy(DestinationOptions options) => new()
    {
        Uri = options.Uri,
        Username = options.Username,
        Password = options.Password,
        BearerToken = options.BearerToken,
        CallingAeTitle = options.CallingAeTitle,
        Parallelism = options.Parallelism,
        BatchSize = options.BatchSize,
        InstancesPerAssociation = options.InstancesPerAssociation,
        MaxBatchBytes = options.MaxBatchBytes,
        Timeout = options.Timeout,
        ConnectTimeout = options.ConnectTimeout,
        TlsTrustedCertificates = options.TlsTrustedCertificates,
        TlsClientCertificate = options.TlsClientCertificate,
        TlsClientKey = options.TlsClientKey,
    };
}
