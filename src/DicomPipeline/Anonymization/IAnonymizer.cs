using DicomPipeline.Dicom;

namespace DicomPipeline.Anonymization;

/// <summary>
/// De-identifies one DICOM instance to the PS3.15 Basic Application Level Confidentiality Profile (Table E.1-1) and the
/// options chosen in <see cref="AnonymizationOptions"/>. The work is on the in-memory header only: pixel data is never
/// read, decoded or changed, so the method is synchronous. Implementations are thread-safe.
/// </summary>
public interface IAnonymizer
{
    /// <summary>
    /// De-identifies <paramref name="file"/>. The input is not changed: the result holds a new <see cref="DicomFile"/>
    /// whose dataset is a de-identified copy (pixel data still a region of the source file) with fresh file meta
    /// information.
    /// </summary>
    /// <param name="file">The instance to de-identify.</param>
    /// <returns>The de-identified file, whether it is held back (and why) and the original-to-new identity pairs.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="file"/> is null.</exception>
    AnonymizationResult Anonymize(DicomFile file);
}
