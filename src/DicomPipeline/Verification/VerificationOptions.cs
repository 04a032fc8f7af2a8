namespace DicomPipeline.Verification;

/// <summary>How de-identified output is verified.</summary>
public sealed class VerificationOptions
{
    /// <summary>
    /// The run shifted dates (Retain Longitudinal Temporal Information with Modified Dates): a file whose
    /// LongitudinalTemporalInformationModified (0028,0303) is not MODIFIED is then a finding. Original dates found in
    /// the output are findings whatever this says.
    /// </summary>
    public bool DatesShifted { get; set; }

    /// <summary>
    /// A folder for <c>verify-audit.csv</c>, which lists each finding with the text that matched. Findings everywhere
    /// else never carry the matched value; this file does, so keep it where the originals are kept.
    /// </summary>
    public string? AuditDirectory { get; set; }

    /// <summary>
    /// In a pipeline's verify step: where instances with findings are moved, under the same relative path; by default
    /// the output folder's name with <c>-quarantine</c> appended, beside it. Must be outside the input, output and audit
    /// folders. A run may give its own (<c>PipelineRequest.QuarantineDirectory</c>).
    /// </summary>
    public string? QuarantineDirectory { get; set; }

    /// <summary>
    /// Read the text in every frame of every output image with OCR (Tesseract 5, its own preparation: whole frame,
    /// both polarities, full range) and report an original's value read there as a finding, placed
    /// <c>pixels, frame N</c>; images so read are no longer listed as pixels not inspected. Needs the originals.
    /// </summary>
    public bool InspectPixels { get; set; }

    /// <summary>How many files are scanned at once; the number of processors when 0.</summary>
    public int MaxDegreeOfParallelism { get; set; }

    /// <summary>A copy, so later changes do not affect a verifier already made.</summary>
    internal VerificationOptions Clone() => new()
    {
        DatesShifted = DatesShifted,
        AuditDirectory = AuditDirectory,
        InspectPixels = InspectPixels,
        MaxDegreeOfParallelism = MaxDegreeOfParallelism,
        QuarantineDirectory = QuarantineDirectory,
    };
}
