namespace DicomPipeline.Orthanc;

/// <summary>Orthanc's answer to the upload of one instance.</summary>
/// <param name="Status">Whether the instance was stored now, was there already, or was filtered out.</param>
/// <param name="InstanceId">The instance's Orthanc ID (see <see cref="OrthancIdentifiers.ComputeInstanceId"/>).</param>
/// <param name="ParentSeries">The Orthanc ID of its series.</param>
/// <param name="ParentStudy">The Orthanc ID of its study.</param>
/// <param name="ParentPatient">The Orthanc ID of its patient.</param>
public sealed record OrthancUploadResult(OrthancUploadStatus Status, string InstanceId, string ParentSeries, string ParentStudy, string ParentPatient);
