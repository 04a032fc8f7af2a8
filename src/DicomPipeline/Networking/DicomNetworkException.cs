namespace DicomPipeline.Networking;

/// <summary>
/// A failure of the DICOM network protocol (PS3.8 upper layer, PS3.7 DIMSE): the peer cannot be reached, rejected or
/// aborted the association, broke the protocol or did not answer in time. The message is one line, with no patient data.
/// </summary>
internal sealed class DicomNetworkException : DicomPipelineException
{
    public DicomNetworkException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    public DicomNetworkException()
    {
    }

    public DicomNetworkException(string message)
        : base(message)
    {
    }

    /// <summary>Whether the association was established and then lost: what was not confirmed may be sent again.</summary>
    public bool AssociationLost { get; init; }

    /// <summary>
    /// Whether opening the association may succeed later (connection refused or timed out, a transient A-ASSOCIATE-RJ,
    /// an abort): such a failure is retried; a permanent rejection or a protocol error is not.
    /// </summary>
    public bool Transient { get; init; }
}
