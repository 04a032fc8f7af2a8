namespace DicomPipeline.Anonymization;

/// <summary>The Patient ID and Patient's Name that replace a patient's originals.</summary>
/// <param name="PatientId">The new Patient ID (LO: at most 64 characters, no backslash).</param>
/// <param name="PatientName">The new Patient's Name (PN, components separated by <c>^</c>).</param>
public sealed record PatientPseudonym(string PatientId, string PatientName);
