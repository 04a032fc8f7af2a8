namespace DicomPipeline.Verification;

/// <summary>Where a searched value came from: what kind of value it is and the original attribute that held it.</summary>
/// <param name="Kind">E.g. "PatientName component", "original StudyInstanceUID", "PatientBirthDate in another spelling".</param>
/// <param name="Attribute">E.g. <c>PatientName (0010,0010)</c>.</param>
internal sealed record IdentifierOrigin(string Kind, string Attribute);
