namespace DicomPipeline.Dicom;

/// <summary>
/// An attribute with a value: text, numbers or bytes. Binary values are held little endian whatever the source's byte
/// order; a large value may stay in its source file until it is written or asked for.
/// </summary>
public sealed class DicomElement : DicomAttribute
{
    private readonly ReadOnlyMemory<byte> _bytes;

    /// <summary>Creates an element from its encoded value (little endian for binary VRs, padding optional).</summary>
    /// <param name="tag">The tag.</param>
    /// <param name="vr">The value representation.</param>
    /// <param name="bytes">The encoded value.</param>
    /// <exception cref="ArgumentException">The VR is SQ: use <see cref="DicomSequence"/>.</exception>
    public DicomElement(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> bytes)
        : base(tag, vr)
    {
        if (vr.IsSequence)
        {
            throw new ArgumentException("A sequence is a DicomSequence, not a DicomElement.", nameof(vr));
        }

        _bytes = bytes;
    }

    internal DicomElement(DicomTag tag, DicomVR vr, BulkDataRegion region)
        : base(tag, vr)
    {
        Region = region;
    }

    /// <summary>The value's length in bytes, as encoded (padding included, when the source had it).</summary>
    public long Length => Region?.Length ?? _bytes.Length;

    /// <summary>True when the value is still in its source file rather than in memory.</summary>
    public bool IsInSourceFile => Region is not null;

    internal BulkDataRegion? Region { get; }

    /// <summary>The encoded value. A value still in its source file is read from it (prefer streaming for pixel data).</summary>
    /// <returns>The bytes, little endian for binary VRs.</returns>
    public ReadOnlyMemory<byte> GetBytes() => Region is null ? _bytes : Region.ReadAll();

    /// <summary>The value in memory, without touching the source file; empty when <see cref="IsInSourceFile"/>.</summary>
    internal ReadOnlyMemory<byte> MemoryBytes => _bytes;
}
