namespace DicomPipeline.Orthanc;

/// <summary>What kind of failure an <see cref="OrthancException"/> reports.</summary>
public enum OrthancFailure
{
    /// <summary>Orthanc answered with an error status (4xx or 5xx); its own message is in <see cref="OrthancException.OrthancMessage"/>.</summary>
    ErrorResponse = 0,

    /// <summary>Orthanc refused the credentials (HTTP 401 or 403).</summary>
    AuthenticationFailed,

    /// <summary>No connection could be made, or it broke before the answer: the server is down, restarting or the address is wrong.</summary>
    Unreachable,

    /// <summary>Orthanc did not answer within <see cref="OrthancOptions.Timeout"/> (after the retries).</summary>
    Timeout,

    /// <summary>Orthanc answered, but not with what its REST API documents.</summary>
    InvalidResponse,
}
