namespace DicomPipeline.Verification;

/// <summary>One place where identifying data was found in de-identified output.</summary>
/// <param name="File">The output file (or manifest, report, folder) relative to the output folder, with '/' separators; for an original that cannot be read, its path relative to the originals folder.</param>
/// <param name="TagPath">Where in the dataset, e.g. <c>(0040,A730)[2]/(0040,A160)</c>; empty for a file or folder name.</param>
/// <param name="Kind">What kind of value matched, e.g. "PatientName component" or "original StudyInstanceUID".</param>
/// <param name="OriginalAttribute">The original attribute the value came from, e.g. <c>PatientName (0010,0010)</c>, when known.</param>
public sealed record VerificationFinding(string File, string TagPath, string Kind, string? OriginalAttribute);
