using System.Buffers.Binary;

namespace DicomPipeline.Dicom;

/// <summary>
/// Whether a little endian dataset really is in the VR encoding its transfer syntax declares. Writers get it wrong often
/// enough (a file meta that says Explicit VR Little Endian over an implicit VR dataset, or the reverse) that pydicom and
/// DCMTK look at the first element of the dataset and read what they find there. This does the same, and takes the other
/// encoding only where the declared one cannot be right at the first element and the other one fits it.
/// </summary>
internal static class DatasetVREncoding
{
    private const uint UndefinedLength = 0xFFFFFFFF;

    /// <summary>
    /// Whether the dataset at the source's position is to be read with explicit VRs, given what its transfer syntax
    /// declares. Nothing is consumed. Big endian syntaxes are always explicit and are not looked at.
    /// </summary>
    public static bool IsExplicit(ByteSource source, DicomTransferSyntax declared)
    {
        if (source.IsBigEndian || !source.Ensure(8))
        {
            return declared.IsExplicitVR;
        }

        var head = source.Peek(8);
        var tag = new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(head), BinaryPrimitives.ReadUInt16LittleEndian(head[2..]));
        var isVR = DicomVR.TryParse(head[4], head[5], out var vr);
        if (declared.IsExplicitVR)
        {
            // Explicit is impossible only where the two bytes after the tag are no VR at all.
            return isVR || !FitsImplicit(source, tag, BinaryPrimitives.ReadUInt32LittleEndian(head[4..]));
        }

        return isVR && FitsExplicit(source, tag, vr);
    }

    /// <summary>
    /// An implicit VR header is plausible for a tag of a dataset (the dictionary's or a private one, never a command,
    /// file meta or delimiter group, which also keeps zero padding out) whose length fits in the data, or is undefined
    /// where the dictionary's VR allows that (a sequence, or UN for a tag it does not know).
    /// </summary>
    private static bool FitsImplicit(ByteSource source, DicomTag tag, uint length)
    {
        if (tag.Group < 0x0008 || tag.Group == 0xFFFE || !(tag.IsPrivate || DicomDictionary.TryGetEntry(tag, out _)))
        {
            return false;
        }

        if (length == UndefinedLength)
        {
            var vr = DicomDictionary.GetDefaultVR(tag);
            return vr.IsSequence || vr == DicomVR.UN;
        }

        return length <= source.Remaining - 8;
    }

    /// <summary>
    /// An explicit VR header is taken over a declared implicit VR only when its two letters are a VR the dictionary allows
    /// for the tag (read as an implicit length, they would be the low bytes of a first value of at least 16,705 bytes that
    /// happens to spell exactly that VR), its reserved bytes are zero and its length fits in the data.
    /// </summary>
    private static bool FitsExplicit(ByteSource source, DicomTag tag, DicomVR vr)
    {
        if (!DicomDictionary.TryGetEntry(tag, out var entry) || !entry.Allows(vr))
        {
            return false;
        }

        if (!vr.HasLongExplicitLength)
        {
            return BinaryPrimitives.ReadUInt16LittleEndian(source.Peek(8)[6..]) <= source.Remaining - 8;
        }

        if (!source.Ensure(12))
        {
            return false;
        }

        var head = source.Peek(12);
        var length = BinaryPrimitives.ReadUInt32LittleEndian(head[8..]);
        return BinaryPrimitives.ReadUInt16LittleEndian(head[6..]) == 0
            && (length == UndefinedLength ? vr.IsSequence || vr == DicomVR.UN || tag == DicomTag.PixelData : length <= source.Remaining - 12);
    }
}
