using DicomPipeline;
using DicomPipeline.Destinations;
using DicomPipeline.Pipeline;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Checks the options when the host starts, so a bad configuration fails before any file is touched.</summary>
internal sealed class DicomPipelineOptionsValidator : IValidateOptions<DicomPipelineOptions>
{
    public ValidateOptionsResult Validate(string? name, DicomPipelineOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Output.Directory))
        {
            failures.Add("DicomPipeline:Output:Directory must name a folder.");
        }

        if (options.Loader.HeaderOnly)
        {
            failures.Add("DicomPipeline:Loader:HeaderOnly: " + DicomPipelineBuilder.HeaderOnlyRefused);
        }

        if (options.MaxParallelism < 0)
        {
            failures.Add("DicomPipeline:MaxParallelism must be 0 (one per core) or more.");
        }

        if (options.Anonymization.RetainLongitudinalFullDates && options.Anonymization.RetainLongitudinalModifiedDates)
        {
            failures.Add("DicomPipeline:Anonymization: RetainLongitudinalFullDates and RetainLongitudinalModifiedDates exclude each other.");
        }

        for (var i = 0; i < options.Destinations.Count; i++)
        {
            ValidateDestination(options.Destinations[i], FormattableString.Invariant($"{DestinationOptions.SectionName}:{i}"), failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static readonly string[] DestinationSchemes = ["orthanc+http", "orthanc+https", "dicomweb+http", "dicomweb+https", "dicom"];

    /// <summary>The rules every destination meets whatever its protocol; the message names the entry, never a credential.</summary>
    private static void ValidateDestination(DestinationOptions destination, string key, List<string> failures)
    {
        if (destination is null)
        {
            failures.Add($"{key} is empty.");
            return;
        }

        if (!Uri.TryCreate(destination.Uri, UriKind.Absolute, out var uri) || !DestinationSchemes.Contains(uri.Scheme, StringComparer.OrdinalIgnoreCase))
        {
            failures.Add($"{key}:Uri must be an absolute address starting with one of {string.Join(", ", DestinationSchemes.Select(s => s + "://"))}.");
        }

        if (destination.Parallelism < 1 || destination.BatchSize < 1 || destination.MaxBatchBytes < 1)
        {
            failures.Add($"{key}: Parallelism, BatchSize and MaxBatchBytes must be at least 1.");
        }

        if (destination.Timeout <= TimeSpan.Zero || destination.ConnectTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{key}: Timeout and ConnectTimeout must be positive.");
        }
    }
}
