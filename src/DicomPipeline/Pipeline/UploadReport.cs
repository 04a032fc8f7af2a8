namespace DicomPipeline.Pipeline;

/// <summary>How the upload to Orthanc went, in <c>report.json</c>.</summary>
public sealed class UploadReport
{
    /// <summary>The server, without credentials.</summary>
    public string Server { get; init; } = string.Empty;

    /// <summary>Instances sent and stored by the server in this run.</summary>
    public int Uploaded { get; init; }

    /// <summary>Instances the server already had (found before sending, or answered AlreadyStored).</summary>
    public int AlreadyPresent { get; init; }

    /// <summary>Instances stored locally but not on the server (the server failed); running again uploads them.</summary>
    public int NotUploaded { get; init; }

    /// <summary>Why uploading stopped, or <see langword="null"/> when it did not.</summary>
    public string? Error { get; init; }
}
