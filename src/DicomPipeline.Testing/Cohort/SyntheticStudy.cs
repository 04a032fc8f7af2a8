namespace DicomPipeline.Testing.Cohort;

/// <summary>A fake study with the UIDs of all its series and instances drawn up front, so images can reference each other.</summary>
internal sealed record SyntheticStudy(
    string Uid,
    string FrameOfReferenceUid,
    string[] SeriesUids,
    string[][] SopInstanceUids,
    DateOnly Date,
    TimeOnly Time,
    string AccessionNumber,
    string StudyId,
    string RequestedProcedureId,
    string ScheduledProcedureStepId,
    string StationName,
    string DeviceSerialNumber,
    string ReferringPhysician,
    string ReferringPhysicianCode,
    string PerformingPhysician,
    string Operator,
    string Description,
    string ProcedureCode,
    string BodyPart,
    double TableStart,
    int Number);
