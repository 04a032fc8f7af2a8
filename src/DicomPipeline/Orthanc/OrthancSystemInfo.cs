namespace DicomPipeline.Orthanc;

/// <summary>What Orthanc says about itself (<c>GET /system</c>).</summary>
/// <param name="Name">The server's name from its configuration.</param>
/// <param name="Version">Orthanc's version, e.g. <c>1.10.1</c>.</param>
/// <param name="ApiVersion">The version of its REST API.</param>
/// <param name="DicomAet">Its DICOM application entity title.</param>
/// <param name="DicomPort">Its DICOM port.</param>
/// <param name="HttpPort">Its HTTP port.</param>
public sealed record OrthancSystemInfo(string Name, string Version, int ApiVersion, string DicomAet, int DicomPort, int HttpPort);
