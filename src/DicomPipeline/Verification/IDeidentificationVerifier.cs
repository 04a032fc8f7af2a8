namespace DicomPipeline.Verification;

/// <summary>
/// An independent check of de-identified output for identifying data that survived: values of the originals found in
/// the output (when the originals are given), and values that do not look de-identified (names that are not
/// pseudonyms, UIDs outside <c>2.25.</c> and the registry, unshifted dates, PatientIdentityRemoved not YES).
/// </summary>
/// <remarks>Findings name the file, the tag path and the kind of value, never the value itself.</remarks>
public interface IDeidentificationVerifier
{
    /// <summary>Scans one output file, against its original when one is given.</summary>
    /// <param name="outputFile">The de-identified file.</param>
    /// <param name="originalFile">The file it was made from, or null to scan without originals.</param>
    /// <param name="outputRoot">The output folder, for relative paths in findings and for the file and folder names.</param>
    /// <param name="cancellationToken">Stops the scan.</param>
    /// <returns>The findings; empty when nothing identifying was found.</returns>
    Task<IReadOnlyList<VerificationFinding>> VerifyFileAsync(
        string outputFile, string? originalFile, string outputRoot, CancellationToken cancellationToken = default);
}
