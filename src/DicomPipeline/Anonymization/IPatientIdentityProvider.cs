namespace DicomPipeline.Anonymization;

/// <summary>
/// Supplies the new patient identity for an original patient ID, e.g. from a lookup table. When it has none, the
/// anonymizer derives a pseudonym from the secret.
/// </summary>
public interface IPatientIdentityProvider
{
    /// <summary>The new identity for <paramref name="originalPatientId"/>, or <see langword="null"/> to use the derived pseudonym.</summary>
    /// <param name="originalPatientId">The original Patient ID (0010,0020); empty when the instance has none.</param>
    /// <returns>The identity, or <see langword="null"/>.</returns>
    PatientPseudonym? GetIdentity(string originalPatientId);
}
