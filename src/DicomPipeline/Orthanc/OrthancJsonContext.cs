using System.Text.Json.Serialization;

namespace DicomPipeline.Orthanc;

/// <summary>
/// The JSON Orthanc's REST API reads and writes, source-generated. Nullable annotations and constructor parameters are
/// respected, so an answer without a field the client needs, or with a null where an ID belongs, fails to read and
/// becomes an <see cref="OrthancException"/> (<see cref="OrthancFailure.InvalidResponse"/>) rather than an empty value.
/// Numbers may come as strings (Orthanc writes <c>TotalDiskSize</c> as one).
/// </summary>
[JsonSourceGenerationOptions(
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OrthancSystemResponse))]
[JsonSerializable(typeof(OrthancStatisticsResponse))]
[JsonSerializable(typeof(OrthancUploadResponse))]
[JsonSerializable(typeof(OrthancStudyResponse))]
[JsonSerializable(typeof(List<OrthancSeriesResponse>))]
[JsonSerializable(typeof(OrthancResourceResponse))]
[JsonSerializable(typeof(OrthancFindRequest))]
[JsonSerializable(typeof(OrthancErrorResponse))]
[JsonSerializable(typeof(List<string>))]
internal sealed partial class OrthancJsonContext : JsonSerializerContext;
