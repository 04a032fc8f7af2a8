namespace DicomPipeline.Storage;

/// <summary>One instance in the output folder, with the identifiers it was filed under (values after processing).</summary>
/// <param name="RelativePath">The path below the output folder, with '/' separators.</param>
/// <param name="FullPath">The full path of the file.</param>
/// <param name="PatientId">Patient ID (0010,0020).</param>
/// <param name="StudyInstanceUid">Study Instance UID (0020,000D).</param>
/// <param name="SeriesInstanceUid">Series Instance UID (0020,000E).</param>
/// <param name="SopInstanceUid">SOP Instance UID (0008,0018).</param>
/// <param name="ClinicalColumns">Extra manifest columns, or <see langword="null"/>.</param>
public sealed record StoredInstance(
    string RelativePath,
    string FullPath,
    string PatientId,
    string StudyInstanceUid,
    string SeriesInstanceUid,
    string SopInstanceUid,
    IReadOnlyDictionary<string, string>? ClinicalColumns);
