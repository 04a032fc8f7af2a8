namespace DicomPipeline.Receiving;

/// <summary>How the receiving gateway (C-ECHO and C-STORE SCP) listens, where it spools, and when a study is processed.</summary>
public sealed class DicomReceiverOptions
{
    /// <summary>The AE title callers must call (the called AE title); others are rejected. DICOMPIPELINE by default.</summary>
    public string AeTitle { get; set; } = "DICOMPIPELINE";

    /// <summary>The address to listen on; 127.0.0.1 by default (set 0.0.0.0 to take associations from other machines).</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>The TCP port; 11112 (the registered DICOM port for unprivileged use) by default; 0 picks a free one.</summary>
    public int Port { get; set; } = 11112;

    /// <summary>The calling AE titles allowed to associate; empty allows any caller.</summary>
    public IList<string> AllowedCallingAeTitles { get; } = [];

    /// <summary>Where received instances are kept, durably, until their study has been processed. Must not be inside the output folder.</summary>
    public string SpoolDirectory { get; set; } = "spool";

    /// <summary>Where each processed study's output folder is created (one sub-folder per study run).</summary>
    public string OutputDirectory { get; set; } = "output";

    /// <summary>How many associations are served at once; a caller beyond them is rejected as transient (local limit exceeded). 8 by default.</summary>
    public int MaxAssociations { get; set; } = 8;

    /// <summary>The largest P-DATA-TF variable field this side accepts (announced in A-ASSOCIATE-AC); 256 KiB by default.</summary>
    public int MaxPduLength { get; set; } = 256 * 1024;

    /// <summary>ARTIM: how long a caller may take to send its association request, and to close after release. 30 seconds by default.</summary>
    public TimeSpan AssociationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open association may stay silent (no PDU) before it is aborted. 60 seconds by default.</summary>
    public TimeSpan DimseTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A study is processed once no instance of it has arrived for this long (a study's "stable age", as PACS gateways call it). 60 seconds by default.</summary>
    public TimeSpan StableAge { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A PEM file with this gateway's certificate (and its chain): set with <see cref="TlsKey"/>, callers must speak TLS
    /// (PS3.15 Annex B.1, TLS 1.2 or 1.3) and plain DICOM is refused. Null (the default): no TLS.
    /// </summary>
    public string? TlsCertificate { get; set; }

    /// <summary>The unencrypted PEM private key of <see cref="TlsCertificate"/>.</summary>
    public string? TlsKey { get; set; }

    /// <summary>
    /// A PEM file of the authorities a caller's certificate must chain to: when set (with TLS on), a caller without such a
    /// certificate is refused during the handshake. Null (the default): no caller certificate is asked for.
    /// </summary>
    public string? TlsTrustedCallerCertificates { get; set; }
}
