using Microsoft.Extensions.Options;

namespace DicomPipeline.Orthanc;

/// <summary>
/// <see cref="IOrthancClient"/> as a typed <see cref="HttpClient"/>: the client comes from <c>IHttpClientFactory</c>
/// with its base address, credentials and resilience handler set (see <see cref="OrthancRegistration"/>). This part
/// asks about the server; the instance calls (<c>OrthancClient.Instances.cs</c>) and the study calls
/// (<c>OrthancClient.Studies.cs</c>) build their routes and go through one <see cref="OrthancTransport"/>, which sends,
/// reads the JSON and turns every failure into an <see cref="OrthancException"/>.
/// </summary>
internal sealed partial class OrthancClient : IOrthancClient
{
    private readonly OrthancTransport _transport;

    public OrthancClient(HttpClient httpClient, IOptions<OrthancOptions> options)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        settings.ThrowIfInvalid();
        httpClient.BaseAddress ??= settings.GetBaseAddress();
        _transport = new OrthancTransport(httpClient, settings.GetDisplayUrl(), settings.Timeout);
    }

    public async Task<OrthancSystemInfo> GetSystemAsync(CancellationToken cancellationToken = default)
    {
        var system = await _transport.GetJsonAsync("system", "GET /system", OrthancJsonContext.Default.OrthancSystemResponse, notFoundIsNull: false, cancellationToken)
            .ConfigureAwait(false);
        return new OrthancSystemInfo(system!.Name ?? string.Empty, system.Version, system.ApiVersion, system.DicomAet ?? string.Empty, system.DicomPort, system.HttpPort);
    }

    public async Task<OrthancStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default)
    {
        var counts = await _transport.GetJsonAsync("statistics", "GET /statistics", OrthancJsonContext.Default.OrthancStatisticsResponse, notFoundIsNull: false, cancellationToken)
            .ConfigureAwait(false);
        return new OrthancStatistics(counts!.CountPatients, counts.CountStudies, counts.CountSeries, counts.CountInstances, counts.TotalDiskSize);
    }
}
