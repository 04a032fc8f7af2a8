namespace DicomPipeline.Orthanc;

/// <summary>What a server chore did with one study, named by its Orthanc ID (never by patient data).</summary>
/// <param name="StudyId">The study's Orthanc ID.</param>
/// <param name="Action">What was done.</param>
/// <param name="CopyStudyId">The Orthanc ID of its anonymized copy, for <see cref="OrthancStudyAction.Copied"/> and <see cref="OrthancStudyAction.AlreadyCopied"/>.</param>
/// <param name="Error">Why it failed, for <see cref="OrthancStudyAction.Failed"/>; no patient data.</param>
public sealed record OrthancStudyOutcome(string StudyId, OrthancStudyAction Action, string? CopyStudyId = null, string? Error = null);
