using DicomPipeline.Destinations;
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

    public ConfiguredDestinations(IOptions<DicomPipelineOptions> options)
    {
        _options = [.. options.Value.Destinations];

        // Made once at start for their names (addresses without credentials), which the job view shows before a job runs.
        var made = Create();
        Names = [.. made.Select(destination => destination.DisplayName)];
        Dispose(made);
    }

    /// <summary>The destinations as shown to people, in configuration order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>New destinations for one job; the caller disposes them with <see cref="Dispose"/>.</summary>
    public IReadOnlyList<IDicomDestination> Create() => [.. _options.Select(_factory.Create)];

    public static void Dispose(IReadOnlyList<IDicomDestination> destinations)
    {
        foreach (var destination in destinations.OfType<IDisposable>())
        {
            destination.Dispose();
        }
    }
}
