namespace DicomPipeline.Pipeline;

/// <summary>What <c>report.json</c> holds: the counts, the files that were not stored and why, the settings and timings.</summary>
public sealed record ProcessingReport
{
    /// <summary>When the run started (UTC).</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>When the run ended (UTC).</summary>
    public DateTimeOffset FinishedAt { get; init; }

    /// <summary>Files found in the input folder.</summary>
    public int FilesFound { get; init; }

    /// <summary>Instances written to the output folder.</summary>
    public int Stored { get; init; }

    /// <summary>
    /// DICOM files, or files that may be, that were skipped: damaged, unreadable, links not followed, duplicates. Files
    /// that are not DICOM and DICOMDIRs are counted apart (<see cref="NotDicom"/>, <see cref="NotAnInstance"/>).
    /// </summary>
    public int Skipped { get; init; }

    /// <summary>Files that are not DICOM (a README, thumbnails, a PDF, empty files): listed in <see cref="NotStored"/>, not a failure.</summary>
    public int NotDicom { get; init; }

    /// <summary>DICOM files that are not instances (DICOMDIRs): listed in <see cref="NotStored"/>, not a failure.</summary>
    public int NotAnInstance { get; init; }

    /// <summary>Instances held back (e.g. burned-in annotation, no CSV row, or quarantined by the verification).</summary>
    public int HeldBack { get; init; }

    /// <summary>Of <see cref="HeldBack"/>, the instances the verification found identifying data in and moved to the quarantine folder.</summary>
    public int Quarantined { get; init; }

    /// <summary>Instances that failed to process.</summary>
    public int Failed { get; init; }

    /// <summary>With the Clean Pixel Data option: images whose every frame was read by OCR.</summary>
    public int ImagesScanned { get; init; }

    /// <summary>With the Clean Pixel Data option: images in which text was blanked and whose pixels were written anew.</summary>
    public int ImagesRedacted { get; init; }

    /// <summary>With the Clean Pixel Data option: the rectangles blanked, over every frame of every image.</summary>
    public int PixelBoxesBlanked { get; init; }

    /// <summary>Whether the instances were de-identified.</summary>
    public bool Anonymized { get; init; }

    /// <summary>
    /// <c>de-identified</c>, or <c>not de-identified</c> for a run that copied the files out with every identifier they
    /// hold: said in words in <c>report.json</c> so nobody takes such an output folder for a de-identified one.
    /// </summary>
    public string Deidentification => Anonymized ? "de-identified" : "not de-identified";

    /// <summary>The PS3.15 edition of the confidentiality profile used, when anonymized.</summary>
    public string? ProfileEdition { get; init; }

    /// <summary>The profile options that were on, by name.</summary>
    public IReadOnlyList<string> Options { get; init; } = [];

    /// <summary>Whether every stored instance was checked for identifying data that survived de-identification.</summary>
    public bool Verified { get; init; }

    /// <summary>Each destination the stored instances were sent to, with the outcome per instance; empty when none.</summary>
    public IReadOnlyList<DestinationReport> Destinations { get; init; } = [];

    /// <summary>The clinical CSV's lines (1-based) whose key matched no image, when a CSV was joined.</summary>
    public IReadOnlyList<int> CsvLinesWithoutImages { get; init; } = [];

    /// <summary>
    /// Files not stored, by their path relative to the input folder, with the reason. The reasons never carry values
    /// from the files; the paths are the input folder's own names.
    /// </summary>
    public IReadOnlyList<ReportedFile> NotStored { get; init; } = [];

    /// <summary>
    /// What the known-identifier sweep changed or removed (values that still held an identifying value of their instance
    /// after every rule, or that were not what their VR claims), counted by tag path and reason, most first; empty when
    /// nothing or when the run did not de-identify.
    /// </summary>
    public IReadOnlyList<SweptValueCount> Swept { get; init; } = [];
}
