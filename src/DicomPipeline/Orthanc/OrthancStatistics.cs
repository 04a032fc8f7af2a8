namespace DicomPipeline.Orthanc;

/// <summary>How much Orthanc holds (<c>GET /statistics</c>).</summary>
/// <param name="CountPatients">Patients stored.</param>
/// <param name="CountStudies">Studies stored.</param>
/// <param name="CountSeries">Series stored.</param>
/// <param name="CountInstances">Instances stored.</param>
/// <param name="TotalDiskSizeBytes">Bytes used in its storage area.</param>
public sealed record OrthancStatistics(long CountPatients, long CountStudies, long CountSeries, long CountInstances, long TotalDiskSizeBytes);
