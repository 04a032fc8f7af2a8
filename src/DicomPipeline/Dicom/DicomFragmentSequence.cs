namespace DicomPipeline.Dicom;

/// <summary>
/// Encapsulated pixel data (PS3.5 A.4): a basic offset table and the compressed fragments, passed through byte for byte.
/// </summary>
public sealed class DicomFragmentSequence : DicomAttribute
{
    /// <summary>Creates encapsulated pixel data.</summary>
    /// <param name="tag">The tag, normally (7FE0,0010).</param>
    /// <param name="vr">OB (or OW, as some writers put it).</param>
    /// <param name="offsetTable">The basic offset table item's value (often empty).</param>
    /// <param name="fragments">The fragments, each an item's value.</param>
    public DicomFragmentSequence(DicomTag tag, DicomVR vr, DicomElement offsetTable, IEnumerable<DicomElement> fragments)
        : base(tag, vr)
    {
        ArgumentNullException.ThrowIfNull(offsetTable);
        ArgumentNullException.ThrowIfNull(fragments);
        OffsetTable = offsetTable;
        Fragments = [.. fragments];
    }

    /// <summary>The basic offset table (the first item), whose value may be empty.</summary>
    public DicomElement OffsetTable { get; }

    /// <summary>The fragments after the offset table, in order.</summary>
    public IReadOnlyList<DicomElement> Fragments { get; }
}
