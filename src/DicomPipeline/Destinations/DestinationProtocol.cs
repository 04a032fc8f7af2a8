namespace DicomPipeline.Destinations;

/// <summary>The protocols a destination address can name.</summary>
internal enum DestinationProtocol
{
    /// <summary><c>orthanc+http(s)://</c>: Orthanc's REST API.</summary>
    Orthanc,

    /// <summary><c>dicomweb+http(s)://</c>: DICOMweb STOW-RS and QIDO-RS (PS3.18).</summary>
    DicomWeb,

    /// <summary><c>dicom://AE@host:port</c>: the DICOM network protocol (PS3.7 DIMSE over PS3.8); <c>dicom+tls://</c> over TLS (PS3.15 B.1).</summary>
    Dimse,
}
