namespace DicomPipeline.Orthanc;

/// <summary>What Orthanc did with an uploaded instance (the "Status" of its answer to <c>POST /instances</c>).</summary>
public enum OrthancUploadStatus
{
    /// <summary>The instance was new and is now stored.</summary>
    Success = 0,

    /// <summary>The instance was already stored (same Orthanc ID); nothing changed.</summary>
    AlreadyStored,

    /// <summary>A filter of the server (Lua or plugin) refused the instance; it is not stored.</summary>
    FilteredOut,
}
