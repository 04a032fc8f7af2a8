using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DicomPipeline.Anonymization;

/// <summary>
/// A per-site rule, applied on top of the profile and the policy (as CTP scripts and deid recipes give their users):
/// which attributes it matches and what it does with them. Set exactly one of <see cref="Keyword"/>, <see cref="Tag"/>,
/// <see cref="Group"/>, <see cref="Range"/> and <see cref="PrivateCreator"/> (with <see cref="PrivateElement"/>), or only
/// <see cref="VR"/>; <see cref="VR"/> may narrow any of them. The first rule that matches an attribute decides it.
/// Rules are checked when the anonymizer is made; a rule that keeps what the profile would remove is named in the
/// output's De-identification Method.
/// </summary>
public sealed class AnonymizationRule
{
    /// <summary>A name for messages and the report; the rule's position when empty.</summary>
    public string? Name { get; set; }

    /// <summary>A keyword of the data dictionary, e.g. <c>PatientWeight</c>.</summary>
    public string? Keyword { get; set; }

    /// <summary>A tag, <c>(gggg,eeee)</c>.</summary>
    public string? Tag { get; set; }

    /// <summary>A group, four hexadecimal digits, e.g. <c>0018</c>.</summary>
    public string? Group { get; set; }

    /// <summary>A tag range, <c>(gggg,eeee)-(gggg,eeee)</c>, both ends included.</summary>
    public string? Range { get; set; }

    /// <summary>A VR, e.g. <c>PN</c>: alone it matches every attribute of that VR (by the dictionary); with another match it narrows it.</summary>
    [SuppressMessage("Naming", "CA1709:Identifiers should be cased correctly", Justification = "VR is the DICOM term, as DicomVR.")]
    public string? VR { get; set; }

    /// <summary>A private creator (e.g. <c>SIEMENS CSA HEADER</c>), matched with <see cref="PrivateElement"/>.</summary>
    public string? PrivateCreator { get; set; }

    /// <summary>The element offset within the private block, two hexadecimal digits (the <c>ee</c> of <c>(gggg,xxee)</c>).</summary>
    public string? PrivateElement { get; set; }

    /// <summary>What to do.</summary>
    public AnonymizationRuleAction Action { get; set; }

    /// <summary>The new value for <see cref="AnonymizationRuleAction.Replace"/>.</summary>
    public string? Value { get; set; }

    /// <summary>
    /// With the Clean Pixel Data option: rectangles, each <c>"left,top,width,height"</c> in pixels, blanked in every frame
    /// of the images <see cref="Device"/> matches whether OCR finds text there or not (as CTP's pixel scripts do). A rule
    /// with regions selects no attribute.
    /// </summary>
    public IReadOnlyList<string>? PixelRegions { get; set; }

    /// <summary>The device whose images <see cref="PixelRegions"/> apply to; null for every image.</summary>
    public PixelDeviceSignature? Device { get; set; }

    /// <summary>Reads rules from a JSON file: an array of objects with the properties of this class (any case), actions by name.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The rules, in order.</returns>
    /// <exception cref="InvalidOperationException">The file is not a JSON array of rules.</exception>
    public static async Task<IReadOnlyList<AnonymizationRule>> ReadJsonAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                return await JsonSerializer.DeserializeAsync(stream, AnonymizationRuleJsonContext.Default.ListAnonymizationRule, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException("The rules file holds null instead of an array of rules.");
            }
            catch (JsonException e)
            {
                throw new InvalidOperationException(
                    $"The rules file is not a JSON array of rules (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).", e);
            }
        }
    }

    /// <summary>How the rule is named in messages: its name, or its position.</summary>
    internal string Describe(int index) =>
        string.IsNullOrWhiteSpace(Name) ? $"rule {index + 1}" : $"rule {index + 1} '{Name}'";
}

/// <summary>The shape of a rules file, source-generated (no reflection, so the console can be compiled ahead of time).</summary>
[JsonSourceGenerationOptions(
    PropertyNameCaseInsensitive = true,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(List<AnonymizationRule>))]
internal sealed partial class AnonymizationRuleJsonContext : JsonSerializerContext;
