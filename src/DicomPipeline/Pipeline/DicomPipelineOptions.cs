using System.ComponentModel.DataAnnotations;
using DicomPipeline.Anonymization;
using DicomPipeline.Destinations;
using DicomPipeline.Loading;

namespace DicomPipeline.Pipeline;

/// <summary>The configuration section <c>DicomPipeline</c>: everything a run needs besides its input folder.</summary>
public sealed class DicomPipelineOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "DicomPipeline";

    /// <summary>De-identification settings (<c>DicomPipeline:Anonymization</c>), including the secret.</summary>
    public AnonymizationOptions Anonymization { get; set; } = new();

    /// <summary>
    /// Whether the host refuses to start without <see cref="AnonymizationOptions.Secret"/>. On by default, since a run
    /// de-identifies unless its request says otherwise; turn it off in an app that may run without de-identifying (a
    /// run that then asks to de-identify without a secret fails when it starts, naming the configuration key).
    /// </summary>
    public bool RequireSecret { get; set; } = true;

    /// <summary>Where processed files go (<c>DicomPipeline:Output</c>).</summary>
    [Microsoft.Extensions.Options.ValidateObjectMembers]
    public OutputOptions Output { get; set; } = new();

    /// <summary>How input folders are read (<c>DicomPipeline:Loader</c>).</summary>
    public DicomLoaderOptions Loader { get; set; } = new();

    /// <summary>
    /// Whether every run checks each stored instance against its original before anything is sent
    /// (<c>DicomPipeline:Verify</c>); off by default, when only the runs that ask (<see cref="PipelineRequest.Verify"/>) do.
    /// </summary>
    public bool Verify { get; set; }

    /// <summary>How many files are processed at once; 0 means one per core.</summary>
    [Range(0, int.MaxValue)]
    public int MaxParallelism { get; set; }

    /// <summary>
    /// The destinations every stored instance is sent to (<c>DicomPipeline:Destinations:0</c>, <c>:1</c>, …), unless a
    /// run names its own (<see cref="PipelineRequest.Destinations"/>); checked when the host starts: every entry needs an
    /// absolute address with a known scheme and positive sizes and time-outs.
    /// </summary>
    public IList<DestinationOptions> Destinations { get; } = [];
}
