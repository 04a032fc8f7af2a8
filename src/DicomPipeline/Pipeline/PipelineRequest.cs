using DicomPipeline.Csv;
using DicomPipeline.Destinations;

namespace DicomPipeline.Pipeline;

/// <summary>One run of the pipeline: the input folder and what to do with it.</summary>
public sealed class PipelineRequest
{
    /// <summary>The folder of DICOM files to process (searched recursively). Never written to.</summary>
    public required string InputDirectory { get; init; }

    /// <summary>
    /// Where processed files go, or <see langword="null"/> for the pipeline's folder (its store step's, or
    /// <c>DicomPipeline:Output:Directory</c>); must not be inside the input folder.
    /// </summary>
    public string? OutputDirectory { get; init; }

    /// <summary>
    /// Whether this run de-identifies: <see langword="null"/> (the default) when the pipeline has a de-identify step,
    /// false to copy the files out as they are (the report then says <c>not de-identified</c> and a warning is
    /// logged), true to insist.
    /// </summary>
    public bool? Anonymize { get; init; }

    /// <summary>
    /// Whether this run applies the Clean Pixel Data option (every image scanned for burned-in text, which is blanked):
    /// <see langword="null"/> (the default) for the pipeline's <see cref="Anonymization.AnonymizationOptions.CleanPixelData"/>,
    /// true or false to switch it for this run. Applies to the built-in anonymizer; one of the application's own decides.
    /// </summary>
    public bool? CleanPixelData { get; init; }

    /// <summary>A folder of its own for the original → pseudonym map, or <see langword="null"/> for the pipeline's (none by default).</summary>
    public string? AuditDirectory { get; init; }

    /// <summary>
    /// A clinical CSV to join to the images, or <see langword="null"/>: its DICOM-keyword columns are written into each
    /// matching instance after de-identification, its other columns go to <c>manifest.csv</c>.
    /// </summary>
    public string? CsvPath { get; init; }

    /// <summary>How the CSV is read and matched (key column, match attribute, policy for images without a row).</summary>
    public CsvMergeOptions? Csv { get; init; }

    /// <summary>
    /// Whether to check every stored instance for identifying data that survived de-identification:
    /// <see langword="null"/> for the pipeline's choice, true to check (needs de-identification), false not to. An
    /// instance with findings is moved to <see cref="QuarantineDirectory"/>, counted as held back and not sent anywhere.
    /// </summary>
    public bool? Verify { get; init; }

    /// <summary>
    /// Where <see cref="Verify"/> moves instances with findings, under the same relative path; by default the output
    /// folder's name with <c>-quarantine</c> appended, beside it. Must be outside the input and output folders.
    /// </summary>
    public string? QuarantineDirectory { get; init; }

    /// <summary>
    /// Where every stored (and, when verified, clean) instance is sent instead of the pipeline's destinations, or
    /// <see langword="null"/> (the default) for the pipeline's; an empty list sends nowhere. Sending runs while the rest
    /// of the run goes on; each destination gets every instance, in batches of <see cref="SendBatchSize"/>. The caller
    /// keeps ownership of these destinations.
    /// </summary>
    public IReadOnlyList<IDicomDestination>? Destinations { get; init; }

    /// <summary>How many instances go to a destination in one call (one STOW-RS request, one association's turn); 16 by default.</summary>
    public int SendBatchSize { get; init; } = DefaultSendBatchSize;

    /// <summary>How many batches are sent at once, to all destinations together; 2 by default.</summary>
    public int SendParallelism { get; init; } = DefaultSendParallelism;

    /// <summary>
    /// This run's part of a folder split across machines or processes, or null for the whole folder. A shard takes the
    /// studies that hash to it, writes <c>manifest.shard-I-of-N.csv</c> and <c>report.shard-I-of-N.json</c> (and audit
    /// parts) instead of the whole-run files, and leaves other shards' temporary files alone; combine the parts with
    /// <see cref="PipelineShard.MergeAsync"/> once every shard has finished.
    /// </summary>
    public PipelineShard? Shard { get; init; }

    /// <summary>The default of <see cref="SendBatchSize"/>, the same as <see cref="DestinationOptions.BatchSize"/>'s.</summary>
    public const int DefaultSendBatchSize = 16;

    /// <summary>The default of <see cref="SendParallelism"/>, the same as <see cref="DestinationOptions.Parallelism"/>'s.</summary>
    public const int DefaultSendParallelism = 2;
}
