namespace DicomPipeline.Dicom;

/// <summary>This library's identity as a DICOM implementation, written into every file meta it produces.</summary>
public static class DicomImplementation
{
    /// <summary>Implementation Class UID (0002,0012) of DicomPipeline, a UUID-derived 2.25 UID.</summary>
    public const string ClassUid = "2.25.103475788050783425255448229361693873686";

    /// <summary>Implementation Version Name (0002,0013) of DicomPipeline (at most 16 characters).</summary>
    public const string VersionName = "DICOMPIPELINE_01";
}
