namespace DicomPipeline.Verification;

/// <summary>What a scan of an output folder found. Written as <c>verify-report.json</c> by the console.</summary>
public sealed record VerificationReport
{
    /// <summary>The file name the report is written under, in the output folder.</summary>
    public const string FileName = "verify-report.json";

    /// <summary>The output folder scanned.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>The originals' folder, or null when the scan ran without originals.</summary>
    public string? OriginalsDirectory { get; init; }

    /// <summary>How many original DICOM files gave values to search for.</summary>
    public int OriginalsRead { get; init; }

    /// <summary>How many distinct identifying values were searched for.</summary>
    public int ValuesSearched { get; init; }

    /// <summary>How many DICOM files of the output were scanned.</summary>
    public int DicomFilesScanned { get; init; }

    /// <summary>How many other files (manifest.csv, report.json, …) were scanned as text.</summary>
    public int TextFilesScanned { get; init; }

    /// <summary>Every finding, sorted by file and place; empty when nothing identifying was found.</summary>
    public IReadOnlyList<VerificationFinding> Findings { get; init; } = [];

    /// <summary>
    /// Output files whose pixels were not inspected although their modality often carries burned-in text (US, SC, XC,
    /// OT, ES, …) and their BurnedInAnnotation is not NO: relative path and modality. Not findings: a person must look.
    /// </summary>
    public IReadOnlyList<PixelsNotInspected> PixelsNotInspected { get; init; } = [];

    /// <summary>True when nothing identifying was found.</summary>
    public bool IsClean => Findings.Count == 0;
}
