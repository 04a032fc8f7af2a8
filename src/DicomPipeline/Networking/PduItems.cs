using System.Buffers.Binary;
using System.Text;
using DicomPipeline.Dicom;

namespace DicomPipeline.Networking;

/// <summary>
/// The parts the three association PDUs share (PS3.8 sections 9.3.2 to 9.3.3): the 68-byte fixed field with the AE
/// titles, items (type, reserved byte, 16-bit big endian length, value), the User Information item with its Maximum
/// Length, Implementation Class UID and Version Name sub-items, and the PDU header. One reader and one writer for the
/// requesting side and the accepting side.
/// </summary>
internal static class PduItems
{
    /// <summary>The length of the fixed field before the first item of A-ASSOCIATE-RQ and -AC.</summary>
    public const int FixedLength = 68;

    /// <summary>Reads one item off <paramref name="items"/>; <paramref name="pdu"/> names the PDU in the error.</summary>
    /// <exception cref="DicomNetworkException">The item is cut short or longer than the PDU.</exception>
    public static byte Next(ref ReadOnlySpan<byte> items, out ReadOnlySpan<byte> value, string pdu)
    {
        if (items.Length < 4)
        {
            throw Malformed(pdu, "an item header is cut short");
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(items[2..]);
        if (items.Length < 4 + length)
        {
            throw Malformed(pdu, "an item is longer than the PDU");
        }

        var type = items[0];
        value = items.Slice(4, length);
        items = items[(4 + length)..];
        return type;
    }

    /// <summary>A UID or name item's value, without its padding.</summary>
    public static string Text(ReadOnlySpan<byte> value) => Encoding.ASCII.GetString(value).TrimEnd('\0', ' ');

    /// <summary>An AE title field of the fixed part, without its padding.</summary>
    public static string AeTitle(ReadOnlySpan<byte> value) => Encoding.ASCII.GetString(value).Trim(' ', '\0');

    /// <summary>Reads the User Information item (50H): the peer's maximum P-DATA-TF length (0: no limit) and implementation version name.</summary>
    public static (int MaxLength, string? Version) UserInformation(ReadOnlySpan<byte> value, string pdu)
    {
        var maxLength = 0;
        string? version = null;
        while (value.Length > 0)
        {
            var type = Next(ref value, out var sub, pdu);
            if (type == 0x51 && sub.Length == 4)
            {
                var max = BinaryPrimitives.ReadUInt32BigEndian(sub);
                maxLength = max > int.MaxValue ? int.MaxValue : (int)max;
            }
            else if (type == 0x55)
            {
                version = Text(sub);
            }
        }

        return (maxLength, version);
    }

    /// <summary>Writes protocol version 1 and the called and calling AE titles, space-padded to 16 bytes.</summary>
    public static void WriteFixedPart(Stream stream, string calledAeTitle, string callingAeTitle)
    {
        Span<byte> fixedPart = stackalloc byte[FixedLength];
        fixedPart.Clear();
        BinaryPrimitives.WriteUInt16BigEndian(fixedPart, 1);
        WriteAeTitle(fixedPart.Slice(4, 16), calledAeTitle);
        WriteAeTitle(fixedPart.Slice(20, 16), callingAeTitle);
        stream.Write(fixedPart);
    }

    /// <summary>Writes one item.</summary>
    public static void Write(Stream stream, byte type, ReadOnlySpan<byte> value)
    {
        Span<byte> header = stackalloc byte[4];
        header[0] = type;
        header[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], checked((ushort)value.Length));
        stream.Write(header);
        stream.Write(value);
    }

    /// <summary>Writes an item holding an ASCII UID or name.</summary>
    public static void Write(Stream stream, byte type, string text) => Write(stream, type, Encoding.ASCII.GetBytes(text));

    /// <summary>Writes the User Information item: this side's maximum P-DATA-TF length, Implementation Class UID and Version Name.</summary>
    public static void WriteUserInformation(Stream stream, int maxReceiveLength)
    {
        using var user = new MemoryStream();
        Span<byte> max = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(max, (uint)maxReceiveLength);
        Write(user, 0x51, max);
        Write(user, 0x52, DicomImplementation.ClassUid);
        Write(user, 0x55, DicomImplementation.VersionName);
        Write(stream, 0x50, user.GetBuffer().AsSpan(0, (int)user.Length));
    }

    /// <summary>The whole PDU: type, reserved byte, 32-bit big endian length, then <paramref name="body"/>.</summary>
    public static byte[] Frame(PduType type, MemoryStream body)
    {
        var pdu = new byte[6 + body.Length];
        pdu[0] = (byte)type;
        BinaryPrimitives.WriteUInt32BigEndian(pdu.AsSpan(2), (uint)body.Length);
        body.GetBuffer().AsSpan(0, (int)body.Length).CopyTo(pdu.AsSpan(6));
        return pdu;
    }

    private static void WriteAeTitle(Span<byte> target, string title)
    {
        target.Fill((byte)' ');
        Encoding.ASCII.GetBytes(title.Length > 16 ? title[..16] : title, target);
    }

    private static DicomNetworkException Malformed(string pdu, string why) => new($"The peer's {pdu} is malformed: {why}.");
}
