namespace DicomPipeline.Loading;

/// <summary>The series of one study.</summary>
/// <param name="StudyInstanceUid">The StudyInstanceUID (0020,000D); empty when absent.</param>
/// <param name="Series">The series, by SeriesInstanceUID.</param>
public sealed record DicomStudyGroup(string StudyInstanceUid, IReadOnlyList<DicomSeriesGroup> Series);
