using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace DicomPipeline.Tests.Dicom;

/// <summary>Writes DICOM bytes by hand, independently of the library's writer, so reader tests do not test the writer against itself.</summary>
internal sealed class RawDicom
{
    private readonly List<byte> _stream = [];
    private readonly bool _bigEndian;

    public RawDicom(bool bigEndian = false) => _bigEndian = bigEndian;

    public static RawDicom Part10(string transferSyntaxUid, bool withPreamble = true)
    {
        var raw = new RawDicom();
        if (withPreamble)
        {
            raw.Bytes(new byte[128]).Bytes("DICM"u8.ToArray());
        }

        var meta = new RawDicom();
        meta.Explicit(0x0002, 0x0001, "OB", [0, 1]);
        meta.Explicit(0x0002, 0x0010, "UI", Uid(transferSyntaxUid));
        var metaBytes = meta.ToArray();
        raw.Explicit(0x0002, 0x0000, "UL", BitConverter.GetBytes((uint)metaBytes.Length));
        raw.Bytes(metaBytes);
        return raw;
    }

    public static byte[] Uid(string uid) => Encoding.ASCII.GetBytes(uid.Length % 2 == 0 ? uid : uid + "\0");

    public static byte[] Text(string text) => Encoding.ASCII.GetBytes(text.Length % 2 == 0 ? text : text + " ");

    /// <summary>Raw deflate (RFC 1951, no zlib header), as the Deflated Explicit VR Little Endian syntax stores the dataset.</summary>
    public static byte[] Deflate(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            deflate.Write(bytes);
        }

        return output.ToArray();
    }

    public long Length => _stream.Count;

    public RawDicom Bytes(byte[] bytes)
    {
        _stream.AddRange(bytes);
        return this;
    }

    public RawDicom U16(ushort value)
    {
        Span<byte> b = stackalloc byte[2];
        if (_bigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(b, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(b, value);
        }

        _stream.AddRange(b);
        return this;
    }

    public RawDicom U32(uint value)
    {
        Span<byte> b = stackalloc byte[4];
        if (_bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(b, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        }

        _stream.AddRange(b);
        return this;
    }

    public RawDicom Tag(ushort group, ushort element) => U16(group).U16(element);

    public RawDicom Explicit(ushort group, ushort element, string vr, byte[] value, uint? length = null)
    {
        Tag(group, element).Bytes(Encoding.ASCII.GetBytes(vr));
        var isLong = vr is "OB" or "OD" or "OF" or "OL" or "OV" or "OW" or "SQ" or "SV" or "UC" or "UN" or "UR" or "UT" or "UV";
        if (isLong)
        {
            U16(0).U32(length ?? (uint)value.Length);
        }
        else
        {
            U16((ushort)(length ?? (uint)value.Length));
        }

        return Bytes(value);
    }

    public RawDicom Implicit(ushort group, ushort element, byte[] value, uint? length = null) =>
        Tag(group, element).U32(length ?? (uint)value.Length).Bytes(value);

    public RawDicom ItemStart(uint length = 0xFFFFFFFF) => Tag(0xFFFE, 0xE000).U32(length);

    public RawDicom ItemEnd() => Tag(0xFFFE, 0xE00D).U32(0);

    public RawDicom SequenceEnd() => Tag(0xFFFE, 0xE0DD).U32(0);

    public byte[] ToArray() => [.. _stream];
}
