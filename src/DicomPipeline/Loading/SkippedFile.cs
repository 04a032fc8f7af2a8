namespace DicomPipeline.Loading;

/// <summary>A file or folder the loader did not load, and why. Never fatal for a run.</summary>
/// <param name="Path">The full path of the skipped file or folder, as found under the input folder.</param>
/// <param name="Reason">Why it was skipped, without patient data and without a stack trace.</param>
/// <param name="Offset">The byte offset where reading stopped, when the file was read and found not to be valid DICOM.</param>
public sealed record SkippedFile(string Path, string Reason, long? Offset)
{
    /// <summary>
    /// Whether the entry may have been a DICOM instance (<see cref="SkipKind.Problem"/>, the default: the run is then
    /// incomplete) or is a file that is not DICOM or not an instance (counted and listed, not a failure).
    /// </summary>
    public SkipKind Kind { get; init; }
}
