using DicomPipeline.Csv;

namespace DicomPipeline.Pipeline;

/// <summary>One run of the pipeline: the input folder and what to do with it.</summary>
public sealed class PipelineRequest
{
    /// <summary>The folder of DICOM files to process (searched recursively). Never written to.</summary>
    public required string InputDirectory { get; init; }

    /// <summary>Where processed files go; must not be inside the input folder.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Whether to de-identify with the PS3.15 profile (needs a secret in the anonymization options).</summary>
    public bool Anonymize { get; init; } = true;

    /// <summary>A folder of its own for the original → pseudonym map, or <see langword="null"/> for none.</summary>
    public string? AuditDirectory { get; init; }

    /// <summary>
    /// A clinical CSV to join to the images, or <see langword="null"/>: its DICOM-keyword columns are written into each
    /// matching instance after de-identification, its other columns go to <c>manifest.csv</c>.
    /// </summary>
    public string? CsvPath { get; init; }

    /// <summary>
    /// Whether to upload each stored instance to Orthanc (the <c>DicomPipeline:Orthanc</c> options), skipping those
    /// the server already has.
    /// </summary>
    public bool UploadToOrthanc { get; init; }

    /// <summary>How the CSV is read and matched (key column, match attribute, policy for images without a row).</summary>
    public CsvMergeOptions? Csv { get; init; }
}
