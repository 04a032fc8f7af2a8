using System.Text.Json;
using DicomPipeline.Networking;

namespace DicomPipeline.Destinations;

/// <summary>
/// The Store Instances Response Module of a STOW-RS answer (PS3.18 section 10.5.3, as DICOM JSON): which instances
/// were stored (Referenced SOP Sequence, with a Warning Reason) and which failed (Failed SOP Sequence, with a Failure
/// Reason, whose codes are the C-STORE statuses).
/// </summary>
internal static class StoreInstancesResponse
{
    private const string ReferencedSopSequence = "00081199";
    private const string FailedSopSequence = "00081198";
    private const string ReferencedSopInstanceUid = "00081155";
    private const string FailureReason = "00081197";
    private const string WarningReason = "00081196";

    /// <summary>The outcome of each instance the response names, by SOP Instance UID.</summary>
    /// <exception cref="JsonException">The body is not DICOM JSON.</exception>
    public static Dictionary<string, DestinationOutcome> Parse(JsonElement root)
    {
        var outcomes = new Dictionary<string, DestinationOutcome>(StringComparer.Ordinal);
        foreach (var item in Items(root, ReferencedSopSequence))
        {
            if (Uid(item) is { } uid)
            {
                var warning = Code(item, WarningReason) is { } code ? "warning: " + new DimseStatus(code) : null;
                outcomes[uid] = new DestinationOutcome(uid, DestinationOutcomeKind.Sent, warning);
            }
        }

        foreach (var item in Items(root, FailedSopSequence))
        {
            if (Uid(item) is { } uid)
            {
                var status = new DimseStatus(Code(item, FailureReason) ?? 0x0110);
                var kind = status.IsDuplicate ? DestinationOutcomeKind.AlreadyPresent
                    : status.IsTransient ? DestinationOutcomeKind.NotSent
                    : DestinationOutcomeKind.Refused;
                outcomes[uid] = new DestinationOutcome(uid, kind, kind == DestinationOutcomeKind.AlreadyPresent ? null : "failure reason " + status.ToString()["status ".Length..]);
            }
        }

        return outcomes;
    }

    private static JsonElement[] Items(JsonElement root, string tag) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(tag, out var sequence) && sequence.ValueKind == JsonValueKind.Object
            && sequence.TryGetProperty("Value", out var items) && items.ValueKind == JsonValueKind.Array
            ? [.. items.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Object)]
            : [];

    private static string? Uid(JsonElement item) =>
        item.TryGetProperty(ReferencedSopInstanceUid, out var element) && element.ValueKind == JsonValueKind.Object && element.TryGetProperty("Value", out var values)
            && values.ValueKind == JsonValueKind.Array && values.GetArrayLength() > 0 && values[0].ValueKind == JsonValueKind.String
            ? values[0].GetString()
            : null;

    private static ushort? Code(JsonElement item, string tag) =>
        item.TryGetProperty(tag, out var element) && element.ValueKind == JsonValueKind.Object && element.TryGetProperty("Value", out var values)
            && values.ValueKind == JsonValueKind.Array && values.GetArrayLength() > 0 && values[0].TryGetUInt16(out var code)
            ? code
            : null;
}
