namespace DicomPipeline.Loading;

/// <summary>
/// What kind of entry a <see cref="SkippedFile"/> is, which decides whether skipping it leaves a run incomplete: a folder
/// of DICOM files routinely holds a README, a DICOMDIR or thumbnails, and those are not failures.
/// </summary>
public enum SkipKind
{
    /// <summary>
    /// A file that is, or may be, a DICOM instance and was not read: it claims to be DICOM (the "DICM" prefix, or a
    /// recognisable first element) but is damaged or truncated, it could not be opened, or it is a link that was not
    /// followed. A run with one is incomplete.
    /// </summary>
    Problem,

    /// <summary>
    /// A file that does not claim to be DICOM (no "DICM" prefix and no recognisable first element: a README, a JPEG or
    /// PNG thumbnail, a PDF, .DS_Store), an empty file, or no regular file at all (a pipe, socket or device, never
    /// opened). Counted and listed, not a failure.
    /// </summary>
    NotDicom,

    /// <summary>A DICOM file that is not an instance: a DICOMDIR (Media Storage Directory). Counted and listed, not a failure.</summary>
    NotAnInstance,
}
