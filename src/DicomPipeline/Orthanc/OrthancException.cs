namespace DicomPipeline.Orthanc;

/// <summary>
/// A call to Orthanc failed. The message names the server address and the route (never a password, never patient data)
/// and, when Orthanc answered with an error, Orthanc's own error text.
/// </summary>
public sealed class OrthancException : DicomPipelineException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public OrthancException()
        : base("A call to Orthanc failed.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    /// <param name="message">The message; it must not contain patient data or passwords.</param>
    public OrthancException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and its cause.</summary>
    /// <param name="message">The message; it must not contain patient data or passwords.</param>
    /// <param name="innerException">The cause.</param>
    public OrthancException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    internal OrthancException(
        string message,
        OrthancFailure failure,
        string? route,
        int? statusCode = null,
        string? orthancMessage = null,
        string? orthancDetails = null,
        Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
        Route = route;
        StatusCode = statusCode;
        OrthancMessage = orthancMessage;
        OrthancDetails = orthancDetails;
    }

    /// <summary>What kind of failure this is.</summary>
    public OrthancFailure Failure { get; }

    /// <summary>The HTTP status code Orthanc answered with; null when there was no answer.</summary>
    public int? StatusCode { get; }

    /// <summary>The method and route called, e.g. <c>POST /instances</c> (Orthanc IDs only, which are hashes).</summary>
    public string? Route { get; }

    /// <summary>
    /// Orthanc's own error text ("Message" in its error JSON, e.g. "Bad file format"): a fixed description of its error
    /// code. Part of <see cref="Exception.Message"/>.
    /// </summary>
    public string? OrthancMessage { get; }

    /// <summary>
    /// Orthanc's error details ("Details" in its error JSON). Kept out of <see cref="Exception.Message"/>, because Orthanc
    /// may quote the request in them (e.g. a value searched for); show them only where that is acceptable.
    /// </summary>
    public string? OrthancDetails { get; }

    /// <summary>True for failures worth trying again later (server unreachable, timeout, 5xx, 429).</summary>
    public bool IsTransient => Failure is OrthancFailure.Unreachable or OrthancFailure.Timeout
        || StatusCode is >= 500 or 429 or 408;
}
