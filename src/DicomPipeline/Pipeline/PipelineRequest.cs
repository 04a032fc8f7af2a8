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
}
