using System.Buffers.Binary;

namespace DicomPipeline.Dicom;

/// <summary>
/// The part of a file before its dataset: the optional 128-byte preamble and "DICM", the file meta information
/// (group 0002, always explicit VR little endian, PS3.10 7.1) and the transfer syntax the dataset is written in, taken
/// from (0002,0010) or, for a bare dataset, guessed from its first element.
/// </summary>
internal static class DicomFileHeaderReader
{
    private static readonly DicomTag TransferSyntaxUidTag = new(0x00020010);
    private static readonly byte[] Magic = "DICM"u8.ToArray();

    /// <summary>Reads the header from <paramref name="source"/>, leaving it at the first byte of the dataset.</summary>
    public static (DicomDataset Meta, DicomTransferSyntax Syntax) Read(ByteSource source, DicomElementParser parser)
    {
        var meta = new DicomDataset();
        var start = source.Position;
        var hasPreamble = source.Ensure(132) && source.Peek(132)[128..].SequenceEqual(Magic);
        if (hasPreamble)
        {
            source.Skip(132);
        }
        else if (source.Ensure(4) && source.Peek(4).SequenceEqual(Magic))
        {
            // "DICM" without the 128-byte preamble: seen from some writers that strip it.
            source.Skip(4);
        }

        if (!source.Ensure(8))
        {
            throw source.Error(source.Position == start && !source.HasMore() ? "the file is empty" : "not a DICOM file: too short");
        }

        var first = source.Peek(8);
        var firstGroup = BinaryPrimitives.ReadUInt16LittleEndian(first);
        if (firstGroup == 0x0002)
        {
            ReadFileMeta(source, parser, meta);
        }
        else if (hasPreamble && firstGroup != 0x0008 && BinaryPrimitives.ReadUInt16BigEndian(first) != 0x0008)
        {
            throw source.Error("the file meta information (group 0002) is missing after DICM");
        }

        return (meta, meta.TryGetValueEntry(TransferSyntaxUidTag, out var uid) ? SyntaxNamedBy(source, uid) : GuessSyntax(source, hasPreamble));
    }

    /// <summary>Whether a text is a UID: dot-separated numbers, at most 64 characters (PS3.5 9.1).</summary>
    internal static bool IsValidUid(string uid)
    {
        if (uid.Length is 0 or > 64 || uid[0] == '.' || uid[^1] == '.' || uid.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in uid)
        {
            if (c != '.' && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Reads group 0002 element by element for as long as the group number is 0002. The group length (0002,0000) is not
    /// trusted to find the end: writers get it wrong (often short by a private part at the end), and elements past a
    /// short length still belong to the meta (PS3.10 7.1 defines the meta as the group, and pydicom and DCMTK read it so).
    /// </summary>
    private static void ReadFileMeta(ByteSource source, DicomElementParser parser, DicomDataset meta)
    {
        while (source.Ensure(4) && BinaryPrimitives.ReadUInt16LittleEndian(source.Peek(4)) == 0x0002)
        {
            // Some writers put the meta group in implicit VR; tolerate it element by element.
            var explicitVR = !source.Ensure(6) || DicomVR.TryParse(source.Peek(6)[4], source.Peek(6)[5], out _);
            if (!parser.ReadFileMetaElement(explicitVR, out var attribute))
            {
                break;
            }

            // A second meta group in a row (some tools prepend their own): the first value met is the file's.
            if (!meta.Contains(attribute.Tag))
            {
                meta.Put(attribute);
            }
        }
    }

    private static DicomTransferSyntax SyntaxNamedBy(ByteSource source, in DicomEntry transferSyntaxUid)
    {
        var uid = DicomDataset.TrimPadding(DicomDataset.DecodeAscii(transferSyntaxUid.GetBytes().Span));
        if (!IsValidUid(uid))
        {
            throw source.Error("the Transfer Syntax UID (0002,0010) is not a valid UID");
        }

        return DicomTransferSyntax.FromUid(uid);
    }

    private static DicomTransferSyntax GuessSyntax(ByteSource source, bool hasPreamble)
    {
        if (!source.Ensure(6))
        {
            throw source.Error("not a DICOM file: too short");
        }

        var head = source.Peek(6);
        var explicitVR = DicomVR.TryParse(head[4], head[5], out _);
        var leGroup = BinaryPrimitives.ReadUInt16LittleEndian(head);
        var beGroup = BinaryPrimitives.ReadUInt16BigEndian(head);
        var bigEndian = explicitVR && beGroup < leGroup && beGroup <= 0x0010;

        // Without a preamble and meta, accept only a plausible first group, so that random files are not taken as DICOM.
        var group = bigEndian ? beGroup : leGroup;
        if (!hasPreamble && group is not (0x0008 or 0x0010 or 0x0018 or 0x0020 or 0x0028) && !(group == 0x0000 && explicitVR))
        {
            throw source.Error("not a DICOM file: no DICM prefix and no recognisable first element");
        }

        return bigEndian ? DicomTransferSyntax.ExplicitVRBigEndian
            : explicitVR ? DicomTransferSyntax.ExplicitVRLittleEndian
            : DicomTransferSyntax.ImplicitVRLittleEndian;
    }
}
