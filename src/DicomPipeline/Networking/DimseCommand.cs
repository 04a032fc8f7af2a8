using System.Buffers.Binary;
using System.Text;

namespace DicomPipeline.Networking;

/// <summary>
/// A DIMSE command set (PS3.7 section 9.3 and Annex E): group 0000 elements, always Implicit VR Little Endian. Only the
/// fields C-ECHO and C-STORE use are kept.
/// </summary>
internal sealed class DimseCommand
{
    public const ushort CStoreRequest = 0x0001;
    public const ushort CStoreResponse = 0x8001;
    public const ushort CEchoRequest = 0x0030;
    public const ushort CEchoResponse = 0x8030;

    /// <summary>Command Data Set Type (0000,0800) value meaning "no data set".</summary>
    private const ushort NoDataset = 0x0101;

    private const uint AffectedSopClassUidTag = 0x00000002;
    private const uint CommandFieldTag = 0x00000100;
    private const uint MessageIdTag = 0x00000110;
    private const uint MessageIdBeingRespondedToTag = 0x00000120;
    private const uint PriorityTag = 0x00000700;
    private const uint CommandDataSetTypeTag = 0x00000800;
    private const uint StatusTag = 0x00000900;
    private const uint ErrorCommentTag = 0x00000902;
    private const uint AffectedSopInstanceUidTag = 0x00001000;

    public ushort CommandField { get; private init; }

    public ushort MessageIdBeingRespondedTo { get; private init; }

    /// <summary>Message ID (0000,0110) of a request.</summary>
    public ushort MessageId { get; private init; }

    /// <summary>Affected SOP Class UID (0000,0002) of a request.</summary>
    public string? AffectedSopClassUid { get; private init; }

    public bool HasDataset { get; private init; }

    public DimseStatus Status { get; private init; }

    /// <summary>Whether the command carried a Status (0000,0900); a response without one confirms nothing.</summary>
    public bool HasStatus { get; private init; }

    public string? AffectedSopInstanceUid { get; private init; }

    public string? ErrorComment { get; private init; }

    /// <summary>A C-ECHO-RQ (PS3.7 section 9.3.5.1).</summary>
    public static byte[] EncodeEchoRequest(ushort messageId)
    {
        var elements = new List<(uint, byte[])>
        {
            (AffectedSopClassUidTag, Uid(DimseUids.Verification)),
            (CommandFieldTag, UShort(CEchoRequest)),
            (MessageIdTag, UShort(messageId)),
            (CommandDataSetTypeTag, UShort(NoDataset)),
        };
        return Encode(elements);
    }

    /// <summary>A C-STORE-RQ with medium priority, a data set following (PS3.7 section 9.3.1.1).</summary>
    public static byte[] EncodeStoreRequest(ushort messageId, string sopClassUid, string sopInstanceUid)
    {
        var elements = new List<(uint, byte[])>
        {
            (AffectedSopClassUidTag, Uid(sopClassUid)),
            (CommandFieldTag, UShort(CStoreRequest)),
            (MessageIdTag, UShort(messageId)),
            (PriorityTag, UShort(0)),
            (CommandDataSetTypeTag, UShort(0)),
            (AffectedSopInstanceUidTag, Uid(sopInstanceUid)),
        };
        return Encode(elements);
    }

    /// <summary>A C-ECHO-RSP (PS3.7 section 9.3.5.2).</summary>
    public static byte[] EncodeEchoResponse(ushort respondedTo, ushort status)
    {
        var elements = new List<(uint, byte[])>
        {
            (AffectedSopClassUidTag, Uid(DimseUids.Verification)),
            (CommandFieldTag, UShort(CEchoResponse)),
            (MessageIdBeingRespondedToTag, UShort(respondedTo)),
            (CommandDataSetTypeTag, UShort(NoDataset)),
            (StatusTag, UShort(status)),
        };
        return Encode(elements);
    }

    /// <summary>A C-STORE-RSP (PS3.7 section 9.3.1.2), naming the request's SOP class and instance.</summary>
    public static byte[] EncodeStoreResponse(ushort respondedTo, string sopClassUid, string sopInstanceUid, ushort status)
    {
        var elements = new List<(uint, byte[])>
        {
            (AffectedSopClassUidTag, Uid(sopClassUid)),
            (CommandFieldTag, UShort(CStoreResponse)),
            (MessageIdBeingRespondedToTag, UShort(respondedTo)),
            (CommandDataSetTypeTag, UShort(NoDataset)),
            (StatusTag, UShort(status)),
            (AffectedSopInstanceUidTag, Uid(sopInstanceUid)),
        };
        return Encode(elements);
    }

    /// <summary>Reads a command set.</summary>
    /// <exception cref="DicomNetworkException">The bytes are not a well-formed command set.</exception>
    public static DimseCommand Decode(ReadOnlySpan<byte> bytes)
    {
        ushort field = 0, respondedTo = 0, status = 0, datasetType = NoDataset, messageId = 0;
        string? instance = null, comment = null, sopClass = null;
        var seenField = false;
        var seenStatus = false;
        while (bytes.Length > 0)
        {
            if (bytes.Length < 8)
            {
                throw new DicomNetworkException("The peer sent a malformed DIMSE command: an element header is cut short.");
            }

            var tag = ((uint)BinaryPrimitives.ReadUInt16LittleEndian(bytes) << 16) | BinaryPrimitives.ReadUInt16LittleEndian(bytes[2..]);
            var length = BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]);
            if (length > bytes.Length - 8)
            {
                throw new DicomNetworkException("The peer sent a malformed DIMSE command: an element is longer than the command.");
            }

            var value = bytes.Slice(8, (int)length);
            switch (tag)
            {
                case CommandFieldTag:
                    field = ReadUShort(value);
                    seenField = true;
                    break;
                case MessageIdTag:
                    messageId = ReadUShort(value);
                    break;
                case AffectedSopClassUidTag:
                    sopClass = PduItems.Text(value);
                    break;
                case MessageIdBeingRespondedToTag:
                    respondedTo = ReadUShort(value);
                    break;
                case CommandDataSetTypeTag:
                    datasetType = ReadUShort(value);
                    break;
                case StatusTag:
                    status = ReadUShort(value);
                    seenStatus = true;
                    break;
                case AffectedSopInstanceUidTag:
                    instance = PduItems.Text(value);
                    break;
                case ErrorCommentTag:
                    comment = Encoding.ASCII.GetString(value).Trim('\0', ' ');
                    break;
                default:
                    break;
            }

            bytes = bytes[(8 + (int)length)..];
        }

        if (!seenField)
        {
            throw new DicomNetworkException("The peer sent a DIMSE command without a Command Field (0000,0100).");
        }

        return new DimseCommand
        {
            CommandField = field,
            MessageIdBeingRespondedTo = respondedTo,
            MessageId = messageId,
            AffectedSopClassUid = sopClass,
            HasDataset = datasetType != NoDataset,
            Status = new DimseStatus(status),
            HasStatus = seenStatus,
            AffectedSopInstanceUid = instance,
            ErrorComment = string.IsNullOrEmpty(comment) ? null : comment,
        };
    }

    private static ushort ReadUShort(ReadOnlySpan<byte> value) =>
        value.Length >= 2 ? BinaryPrimitives.ReadUInt16LittleEndian(value) : throw new DicomNetworkException("The peer sent a DIMSE command with a US value shorter than 2 bytes.");

    private static byte[] Encode(List<(uint Tag, byte[] Value)> elements)
    {
        var length = elements.Sum(e => 8 + e.Value.Length);
        var bytes = new byte[12 + length];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), 4); // (0000,0000) Command Group Length, UL
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)length);
        var offset = 12;
        foreach (var (tag, value) in elements)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(offset), (ushort)(tag >> 16));
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(offset + 2), (ushort)tag);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(offset + 4), (uint)value.Length);
            value.CopyTo(bytes, offset + 8);
            offset += 8 + value.Length;
        }

        return bytes;
    }

    private static byte[] UShort(ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        return bytes;
    }

    /// <summary>A UID value, padded with one NUL to an even length (PS3.5 section 9.1).</summary>
    private static byte[] Uid(string uid)
    {
        var bytes = new byte[uid.Length + (uid.Length & 1)];
        Encoding.ASCII.GetBytes(uid, bytes);
        return bytes;
    }
}
