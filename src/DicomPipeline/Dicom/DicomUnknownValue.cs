using System.Buffers.Binary;

namespace DicomPipeline.Dicom;

/// <summary>
/// Takes back a value written as UN (PS3.5 6.2.2) with the VR the dictionary gives its tag: a sequence's items are
/// implicit VR little endian, whatever the enclosing transfer syntax; any other value is little endian already.
/// </summary>
internal static class DicomUnknownValue
{
    private static readonly byte[] ImplicitLittleEndianMeta = BuildMeta();

    /// <summary>
    /// The attribute <paramref name="element"/> (VR UN) holds, read with <paramref name="vr"/>; <see langword="null"/>
    /// when its bytes are not a valid value of that VR (e.g. a sequence whose items do not parse).
    /// </summary>
    public static DicomAttribute? Reinterpret(DicomElement element, DicomVR vr)
    {
        ArgumentNullException.ThrowIfNull(element);
        ArgumentNullException.ThrowIfNull(vr);
        if (!vr.IsSequence)
        {
            return element.IsInSourceFile
                ? new DicomElement(element.Tag, vr, element.Region!)
                : new DicomElement(element.Tag, vr, element.MemoryBytes);
        }

        if (element.IsInSourceFile)
        {
            return null;
        }

        // The items as the only element of an implicit VR little endian file, read by the ordinary reader. A private tag
        // has no dictionary VR there, so its items are read under a public sequence tag and given back their own.
        var value = element.MemoryBytes.Span;
        if (element.Tag.IsPrivate && (value.Length < 4 || BinaryPrimitives.ReadUInt32LittleEndian(value) != 0xE000FFFE))
        {
            return null;
        }

        var readAs = element.Tag.IsPrivate ? DicomTag.ReferencedSeriesSequence : element.Tag;
        var file = new byte[ImplicitLittleEndianMeta.Length + 8 + value.Length];
        ImplicitLittleEndianMeta.CopyTo(file, 0);
        var header = file.AsSpan(ImplicitLittleEndianMeta.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(header, readAs.Group);
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], readAs.Element);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)value.Length);
        value.CopyTo(header[8..]);
        try
        {
            using var stream = new MemoryStream(file, writable: false);
            var read = DicomReader.Read(stream, path: null, DicomReadOptions.Default, CancellationToken.None);
            if (!read.Dataset.TryGetSequence(readAs, out var sequence))
            {
                return null;
            }

            return readAs == element.Tag ? sequence : new DicomSequence(element.Tag, [.. sequence.Items.Select(item => item.Clone())]);
        }
        catch (DicomFormatException)
        {
            return null;
        }
    }

    /// <summary>Preamble, DICM and a file meta group naming Implicit VR Little Endian.</summary>
    private static byte[] BuildMeta()
    {
        var uid = "1.2.840.10008.1.2\0"u8;
        var meta = new byte[128 + 4 + 8 + uid.Length];
        "DICM"u8.CopyTo(meta.AsSpan(128));
        var element = meta.AsSpan(132);
        BinaryPrimitives.WriteUInt16LittleEndian(element, 0x0002);
        BinaryPrimitives.WriteUInt16LittleEndian(element[2..], 0x0010);
        "UI"u8.CopyTo(element[4..]);
        BinaryPrimitives.WriteUInt16LittleEndian(element[6..], (ushort)uid.Length);
        uid.CopyTo(element[8..]);
        return meta;
    }
}
