using System.Diagnostics.CodeAnalysis;

namespace DicomPipeline.Dicom;

/// <summary>One attribute of a dataset: a plain element, a sequence of items, or encapsulated pixel data.</summary>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "\"Attribute\" is the DICOM term (PS3.3) for what a dataset holds.")]
public abstract class DicomAttribute
{
    private protected DicomAttribute(DicomTag tag, DicomVR vr)
    {
        ArgumentNullException.ThrowIfNull(vr);
        Tag = tag;
        VR = vr;
    }

    /// <summary>The attribute's tag.</summary>
    public DicomTag Tag { get; }

    /// <summary>The attribute's value representation.</summary>
    public DicomVR VR { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Tag} {VR}";
}
