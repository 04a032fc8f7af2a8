namespace DicomPipeline.Destinations;

/// <summary>
/// One destination, bound from <c>DicomPipeline:Destinations:N</c>: where it is (<see cref="Uri"/>, whose scheme picks
/// the protocol), how to authenticate and how hard to push.
/// </summary>
public sealed class DestinationOptions
{
    /// <summary>Requests at once to a DICOMweb or Orthanc destination when <see cref="Parallelism"/> is not set.</summary>
    public const int DefaultHttpParallelism = 4;

    /// <summary>Associations at once to a <c>dicom://</c> destination when <see cref="Parallelism"/> is not set.</summary>
    public const int DefaultDimseParallelism = 2;

    /// <summary>The configuration section the list of destinations is bound from.</summary>
    public const string SectionName = "DicomPipeline:Destinations";

    /// <summary>The default calling AE title for <c>dicom://</c> destinations.</summary>
    public const string DefaultCallingAeTitle = "DICOMPIPELINE";

    /// <summary>
    /// <c>orthanc+http(s)://host:port</c>, <c>dicomweb+http(s)://host/path-to-dicomweb-root</c>,
    /// <c>dicom://CALLED_AE@host:port</c> or, over TLS, <c>dicom+tls://CALLED_AE@host:port</c> (port 2762 when none is
    /// given). Credentials written into the address are used but never shown.
    /// </summary>
    public string Uri { get; set; } = string.Empty;

    /// <summary>The user for HTTP basic authentication (Orthanc, DICOMweb); none when null or empty.</summary>
    public string? Username { get; set; }

    /// <summary>The password for HTTP basic authentication. Never logged or shown.</summary>
    public string? Password { get; set; }

    /// <summary>A bearer token for DICOMweb services that take one (sent instead of basic authentication). Never logged.</summary>
    public string? BearerToken { get; set; }

    /// <summary>The calling AE title for <c>dicom://</c> destinations; <see cref="DefaultCallingAeTitle"/> by default.</summary>
    public string CallingAeTitle { get; set; } = DefaultCallingAeTitle;

    /// <summary>
    /// How many requests or associations run at once. Not set: <see cref="DefaultHttpParallelism"/> requests for
    /// <c>dicomweb+</c> and <c>orthanc+</c> destinations (as the Orthanc upload), <see cref="DefaultDimseParallelism"/>
    /// associations for <c>dicom://</c> (a clinical PACS limits how many a caller may open).
    /// </summary>
    public int? Parallelism { get; set; }

    /// <summary>How many instances go in one STOW-RS request (DICOMweb). 16 by default.</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>
    /// For <c>dicom://</c>: the most instances sent on one association before it is released and the next one opened
    /// (some PACS limit how much one association may carry). Null (the default): no limit, each association sends until
    /// the queue is empty.
    /// </summary>
    public int? InstancesPerAssociation { get; set; }

    /// <summary>The most bytes of files in one STOW-RS request. 64 MiB by default.</summary>
    public long MaxBatchBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>How long one request, or one DIMSE response, may take. 30 seconds by default.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait for a TCP connection and association acceptance (ARTIM). 10 seconds by default.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// For <c>dicom+tls://</c>: a PEM file of the certificates (a site's authority, or the peer's own self-signed certificate) that
    /// the peer's certificate must chain to, instead of the machine's trusted roots. The peer's certificate must also
    /// name the host of the address. Null: the machine's trusted roots.
    /// </summary>
    public string? TlsTrustedCertificates { get; set; }

    /// <summary>
    /// For <c>dicom+tls://</c>: this side's certificate (PEM file), for peers that require one (DCMTK and most PACS do
    /// by default). Needs <see cref="TlsClientKey"/>.
    /// </summary>
    public string? TlsClientCertificate { get; set; }

    /// <summary>For <c>dicom+tls://</c>: the unencrypted private key (PEM file) of <see cref="TlsClientCertificate"/>. Never logged.</summary>
    public string? TlsClientKey { get; set; }
}
