namespace DicomPipeline.Networking;

/// <summary>Where a peer is and how long to wait for it.</summary>
/// <param name="Host">The peer's host name or address.</param>
/// <param name="Port">The peer's TCP port.</param>
/// <param name="CalledAeTitle">The peer's AE title.</param>
/// <param name="CallingAeTitle">This side's AE title.</param>
/// <param name="ConnectTimeout">ARTIM: how long the TCP connection, the association's acceptance and its release may take.</param>
/// <param name="ResponseTimeout">How long the peer may leave a response, or a write, without progress.</param>
/// <param name="Tls">The TLS handshake to run after connecting; null for plain TCP.</param>
internal sealed record AssociationSettings(string Host, int Port, string CalledAeTitle, string CallingAeTitle, TimeSpan ConnectTimeout, TimeSpan ResponseTimeout, DicomTls? Tls = null)
{
    /// <summary>The largest P-DATA-TF variable field this side asks the peer to send (responses are small).</summary>
    public const int MaxReceiveLength = 64 * 1024;

    /// <summary>
    /// The largest PDU this side reads: a peer that announces more is refused before anything is allocated. Generous
    /// beyond <see cref="MaxReceiveLength"/> for peers that overshoot it a little.
    /// </summary>
    public const int MaxAcceptedPduLength = 1024 * 1024;

    /// <summary>The largest P-DATA-TF this side sends, even when the peer accepts unlimited ones (maximum length 0).</summary>
    public const int MaxSendLength = 256 * 1024;

    /// <summary>The peer as shown in messages.</summary>
    public string Display => $"{CalledAeTitle}@{Host}:{Port}";
}
