namespace DicomPipeline.Loading;

/// <summary>The studies of one patient.</summary>
/// <param name="PatientId">The PatientID (0010,0020); empty when absent.</param>
/// <param name="Studies">The studies, by StudyInstanceUID.</param>
public sealed record DicomPatientGroup(string PatientId, IReadOnlyList<DicomStudyGroup> Studies);
