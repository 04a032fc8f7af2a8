using System.Text.Json.Serialization;

namespace DicomPipeline.Pipeline;

/// <summary>The shape of <c>report.json</c>: camelCase, indented, nulls left out, enums by name.</summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(ProcessingReport))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
