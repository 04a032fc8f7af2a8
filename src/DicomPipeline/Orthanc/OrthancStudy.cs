namespace DicomPipeline.Orthanc;

/// <summary>A study on the server, as listed by <see cref="IOrthancClient.GetStudyAsync"/>.</summary>
/// <param name="Id">The study's Orthanc ID.</param>
/// <param name="PatientId">PatientID (0010,0020) of the study's patient (a pseudonym, for de-identified data).</param>
/// <param name="StudyInstanceUid">StudyInstanceUID (0020,000D).</param>
/// <param name="StudyDate">StudyDate (0008,0020) as stored (YYYYMMDD), or null when absent.</param>
/// <param name="Modalities">The distinct Modality (0008,0060) values of its series, sorted.</param>
/// <param name="InstanceIds">The Orthanc IDs of its instances, series by series.</param>
/// <param name="AnonymizedFrom">
/// The Orthanc ID of the study this one was anonymized from, when Orthanc's own <c>/anonymize</c> made it; null otherwise.
/// </param>
public sealed record OrthancStudy(
    string Id,
    string PatientId,
    string StudyInstanceUid,
    string? StudyDate,
    IReadOnlyList<string> Modalities,
    IReadOnlyList<string> InstanceIds,
    string? AnonymizedFrom)
{
    /// <summary>How many instances the study holds.</summary>
    public int InstanceCount => InstanceIds.Count;

    /// <summary>Whether Orthanc's own <c>/anonymize</c> made this study from another one (Orthanc's "AnonymizedFrom").</summary>
    public bool IsAnonymizedByOrthanc => AnonymizedFrom is not null;
}
