using System.Text.Json;
using System.Text.Json.Serialization;

// The wire shapes of the routes the client uses, kept together in one file: each is a few properties, and read side by
// side they are the client's contract with Orthanc. A parameter without a default is required; "= null" or "= """
// marks a field Orthanc may leave out.
namespace DicomPipeline.Orthanc;

/// <summary><c>GET /system</c>.</summary>
internal sealed record OrthancSystemResponse(string Version, int ApiVersion, int DicomPort, int HttpPort, string? Name = null, string? DicomAet = null);

/// <summary><c>GET /statistics</c>.</summary>
internal sealed record OrthancStatisticsResponse(long CountPatients, long CountStudies, long CountSeries, long CountInstances, long TotalDiskSize);

/// <summary><c>POST /instances</c> for one file.</summary>
internal sealed record OrthancUploadResponse(
    string Status,
    [property: JsonPropertyName("ID")] string? Id = null,
    string? ParentSeries = null,
    string? ParentStudy = null,
    string? ParentPatient = null);

/// <summary><c>GET /studies/{id}</c>.</summary>
internal sealed record OrthancStudyResponse(
    OrthancStudyTags MainDicomTags,
    OrthancPatientTags PatientMainDicomTags,
    string? AnonymizedFrom = null);

/// <summary>The study's main DICOM tags.</summary>
internal sealed record OrthancStudyTags(
    [property: JsonPropertyName("StudyInstanceUID")] string? StudyInstanceUid = null,
    string? StudyDate = null);

/// <summary>The patient's main DICOM tags, as a study carries them.</summary>
internal sealed record OrthancPatientTags([property: JsonPropertyName("PatientID")] string? PatientId = null);

/// <summary>One entry of <c>GET /studies/{id}/series</c>.</summary>
internal sealed record OrthancSeriesResponse(OrthancSeriesTags MainDicomTags, List<string>? Instances = null);

/// <summary>The series' main DICOM tags.</summary>
internal sealed record OrthancSeriesTags(string? Modality = null);

/// <summary>A resource Orthanc made, e.g. the answer of <c>POST /studies/{id}/anonymize</c>.</summary>
internal sealed record OrthancResourceResponse([property: JsonPropertyName("ID")] string Id);

/// <summary>The body of <c>POST /tools/find</c>; the properties are written in this order.</summary>
internal sealed record OrthancFindRequest(string Level, bool Expand, int? Limit, IReadOnlyDictionary<string, string> Query);

/// <summary>
/// Orthanc's error body. Read as raw values so that a field of an unexpected kind loses only itself, not the message.
/// </summary>
internal sealed record OrthancErrorResponse(JsonElement Message = default, JsonElement Details = default)
{
    public string? MessageText => Message.ValueKind == JsonValueKind.String ? Message.GetString() : null;

    public string? DetailsText => Details.ValueKind == JsonValueKind.String ? Details.GetString() : null;
}
