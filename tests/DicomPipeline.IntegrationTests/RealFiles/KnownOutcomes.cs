using System.Text.Json;
using System.Text.Json.Serialization;

namespace DicomPipeline.IntegrationTests.RealFiles;

/// <summary>
/// <c>known-outcomes.json</c>: the real files that are rightly not stored, and the new dciodvfy errors that are known
/// and waiting for a fix, each with its reason. A difference either way fails a test, so the list cannot rot: an
/// outcome not on it is a regression, an entry that no longer happens must be removed.
/// </summary>
internal sealed record KnownOutcomes
{
    /// <summary>Files not stored: "source/file" → why that is right.</summary>
    [JsonPropertyName("notStored")]
    public Dictionary<string, string> NotStored { get; init; } = [];

    /// <summary>New dciodvfy errors: "source/file" → the normalised error line → why it happens (and what will fix it).</summary>
    [JsonPropertyName("newDciodvfyErrors")]
    public Dictionary<string, Dictionary<string, string>> NewDciodvfyErrors { get; init; } = [];

    public static KnownOutcomes Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "RealFiles", "known-outcomes.json");
        return JsonSerializer.Deserialize<KnownOutcomes>(File.ReadAllText(path))
            ?? throw new InvalidOperationException($"{path} is empty.");
    }
}
