using System.Buffers.Binary;
using System.Text;

namespace DicomPipeline.Tests.Anonymization.Payloads;

/// <summary>Hand-built JPEG, JPEG-LS and JPEG 2000 streams: the marker structure is real, the scan data is filler.</summary>
internal static class CompressedStreams
{
    /// <summary>Scan data without FF bytes, so no marker hides in it.</summary>
    public static readonly byte[] ScanData = Enumerable.Range(0, 40).Select(i => (byte)(0x10 + i)).ToArray();

    public static byte[] Segment(byte marker, byte[] payload)
    {
        var bytes = new byte[4 + payload.Length];
        bytes[0] = 0xFF;
        bytes[1] = marker;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), (ushort)(payload.Length + 2));
        payload.CopyTo(bytes, 4);
        return bytes;
    }

    public static byte[] Jfif() => Segment(0xE0, [.. "JFIF\0"u8, 1, 1, 0, 0, 1, 0, 1, 0, 0]);

    public static byte[] Quantization() => Segment(0xDB, [0, .. Enumerable.Range(1, 64).Select(i => (byte)i)]);

    public static byte[] FrameHeader(byte sof = 0xC0) => Segment(sof, [8, 0, 4, 0, 4, 1, 1, 0x11, 0]);

    public static byte[] ScanHeader() => Segment(0xDA, [1, 1, 0, 0, 0x3F, 0]);

    /// <summary>The scan and end of image: what must come through unchanged.</summary>
    public static byte[] ScanAndEnd() => [.. ScanHeader(), .. ScanData, 0xFF, 0xD9];

    /// <summary>A JPEG stream: SOI, the given segments, then DQT, SOF, SOS, scan and EOI.</summary>
    public static byte[] Jpeg(params byte[][] segments) =>
        [0xFF, 0xD8, .. segments.SelectMany(s => s), .. Quantization(), .. FrameHeader(), .. ScanAndEnd()];

    /// <summary>A JPEG-LS stream (SOF55).</summary>
    public static byte[] JpegLs(params byte[][] segments) =>
        [0xFF, 0xD8, .. segments.SelectMany(s => s), .. FrameHeader(0xF7), .. ScanAndEnd()];

    /// <summary>A JPEG 2000 codestream: SOC, SIZ, the given segments, COD, QCD, SOT, data, EOC.</summary>
    public static byte[] Jpeg2000(params byte[][] segments) =>
    [
        0xFF, 0x4F,
        .. Segment(0x51, [0, 0, 0, 0, 0, 4, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 7, 1, 1]),
        .. segments.SelectMany(s => s),
        .. Segment(0x52, [0, 0, 0, 1, 0, 5, 4, 4, 0, 0]),
        .. Segment(0x5C, [0x40, 0x48]),
        .. Segment(0x90, [0, 0, 0, 0, 0, 0x30, 0, 1]),
        0xFF, 0x93, .. ScanData,
        0xFF, 0xD9,
    ];

    /// <summary>A JPEG 2000 codestream whose one tile-part header holds the given segments (between SOT and SOD).</summary>
    public static byte[] Jpeg2000TilePart(params byte[][] tileSegments)
    {
        byte[] tilePart = [.. tileSegments.SelectMany(s => s), 0xFF, 0x93, .. ScanData];
        var sot = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(sot.AsSpan(2), 12 + tilePart.Length); // Psot: SOT to the end of the tile-part
        sot[7] = 1;
        return
        [
            0xFF, 0x4F,
            .. Segment(0x51, [0, 0, 0, 0, 0, 4, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 7, 1, 1]),
            .. Segment(0x52, [0, 0, 0, 1, 0, 5, 4, 4, 0, 0]),
            .. Segment(0x5C, [0x40, 0x48]),
            .. Segment(0x90, sot),
            .. tilePart,
            0xFF, 0xD9,
        ];
    }

    /// <summary>A JPEG 2000 comment segment (Rcom 1: Latin-1 text).</summary>
    public static byte[] Jpeg2000Comment(byte[] text) => Segment(0x64, [0, 1, .. text]);

    public static byte[] Comment(byte[] text) => Segment(0xFE, text);

    public static byte[] App(int n, string identifier, byte[] content) =>
        Segment((byte)(0xE0 + n), [.. Encoding.ASCII.GetBytes(identifier), .. content]);

    /// <summary>The stream split in two at <paramref name="at"/>, each part even (as fragments must be).</summary>
    public static (byte[] First, byte[] Second) Split(byte[] stream, int at) => (stream[..at], stream[at..]);
}
