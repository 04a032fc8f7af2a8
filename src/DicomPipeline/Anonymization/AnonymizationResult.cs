using DicomPipeline.Dicom;

namespace DicomPipeline.Anonymization;

/// <summary>What <see cref="IAnonymizer.Anonymize"/> produced for one instance.</summary>
public sealed class AnonymizationResult
{
    internal AnonymizationResult(DicomFile file, string? heldBackReason, IReadOnlyList<AnonymizedIdentity> identities, IReadOnlyList<SweptValue>? swept = null)
    {
        File = file;
        HeldBackReason = heldBackReason;
        Identities = identities;
        Swept = swept ?? [];
    }

    /// <summary>What the Clean Pixel Data option did, when it is on and the instance has pixels.</summary>
    internal Redaction.PixelCleaningResult? PixelCleaning { get; init; }

    /// <summary>The de-identified file (a new file and dataset; the input is unchanged).</summary>
    public DicomFile File { get; }

    /// <summary>The de-identified dataset, the same as <c>File.Dataset</c>.</summary>
    public DicomDataset Dataset => File.Dataset;

    /// <summary>
    /// True when the instance must not be passed on, e.g. because it declares burned-in annotation that this profile
    /// cannot remove; <see cref="HeldBackReason"/> says why.
    /// </summary>
    public bool IsHeldBack => HeldBackReason is not null;

    /// <summary>Why the instance is held back, without any patient data; <see langword="null"/> when it is not.</summary>
    public string? HeldBackReason { get; }

    /// <summary>
    /// Each identifier replaced (patient ID, patient name, UIDs) with its replacement, once each: the material of an
    /// optional audit map. It holds original identifiers: never log it, and keep it apart from the de-identified output.
    /// </summary>
    public IReadOnlyList<AnonymizedIdentity> Identities { get; }

    /// <summary>
    /// The values the known-identifier sweep changed or removed after the profile, the options, the policy and the site
    /// rules had run (each still held one of the instance's own identifying values, or was not what its VR claims), by tag
    /// path and reason, followed by what the binary payload step cut, stripped or removed; empty when neither changed anything.
    /// </summary>
    public IReadOnlyList<SweptValue> Swept { get; }

    /// <summary>What the payload step cut, stripped, rewrote or removed in binary values, by tag path (for report.json).</summary>
    internal IReadOnlyList<Payloads.PayloadAction> PayloadActions { get; init; } = [];
}
