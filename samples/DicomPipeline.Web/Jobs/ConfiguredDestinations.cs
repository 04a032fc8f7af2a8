using DicomPipeline.Destinations;
using DicomPipeline.Orthanc;
using DicomPipeline.Pipeline;
using Microsoft.Extensions.Options;

namespace DicomPipeline.Web.Jobs;

/// <summary>
/// The destinations of <c>DicomPipeline:Destinations</c> (bound and checked by <c>AddDicomPipeline</c>), made afresh for
/// each job with the library's <see cref="DicomDestinationFactory"/> and disposed when it ends: a destination keeps state
/// of its run (an Orthanc outage, open connections), which must not carry over to the next job.
/// </summary>
internal sealed class ConfiguredDestinations
{
    private readonly DicomDestinationFactory _factory = new();
    private readonly IReadOnlyList<DestinationOptions> _options;
    private readonly OrthancOptions _orthanc;

    public ConfiguredDestinations(IOptions<DicomPipelineOptions> options, IOptions<OrthancOptions> orthanc)
    {
        _options = [.. options.Value.Destinations];
        _orthanc = orthanc.Value;

        // Made once at start for their names (addresses without credentials), which the job view shows before a job runs.
        var made = Create();
        Names = [.. made.Select(destination => destination.DisplayName)];
        Dispose(made);
    }

    /// <summary>The destinations as shown to people, in configuration order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>New destinations for one job; the caller disposes them with <see cref="Dispose"/>.</summary>
    public IReadOnlyList<IDicomDestination> Create() => [.. _options.Select(_factory.Create)];

    /// <summary>
    /// A job's destinations: the sample's own Orthanc first (<c>DicomPipeline:Orthanc</c>, an <c>orthanc+http://</c>
    /// destination like any other) when the job uploads, then the configured ones when it sends to them.
    /// </summary>
    public IReadOnlyList<IDicomDestination> Create(bool orthanc, bool configured) =>
    [
        .. orthanc
            ? new[]
            {
                _factory.Create(new DestinationOptions
                {
                    Uri = "orthanc+" + _orthanc.BaseUrl,
                    Username = _orthanc.Username,
                    Password = _orthanc.Password,
                    Timeout = _orthanc.Timeout,
                    Parallelism = _orthanc.UploadParallelism,
                }),
            }
            : [],
        .. configured ? Create() : [],
    ];

    public static void Dispose(IReadOnlyList<IDicomDestination> destinations)
    {
        foreach (var destination in destinations)
        {
            destination.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
