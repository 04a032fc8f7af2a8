using System.Globalization;

namespace DicomPipeline.Testing.Cohort;

/// <summary>A fake patient: every value here is planted in the corpus and is identifying.</summary>
internal sealed record SyntheticPatient(
    CharacterSetKind Kind,
    string Name,
    string Id,
    string OtherId,
    string Issuer,
    string OtherIssuer,
    string Sex,
    DateOnly BirthDate,
    double Weight,
    Institution Institution,
    DateOnly FirstStudyDate,
    string ReferencedPatientUid)
{
    public string BirthDateText => BirthDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
}
