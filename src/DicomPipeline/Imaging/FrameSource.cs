using System.Buffers.Binary;
using DicomPipeline.Dicom;

namespace DicomPipeline.Imaging;

/// <summary>
/// The frames of one instance's Pixel Data, decoded on request by the decoder its transfer syntax needs. Made once per
/// instance: the value is read from its source file once, and each frame's bytes are found from the Basic Offset Table,
/// from one fragment per frame, or from where each frame's codestream starts.
/// </summary>
internal sealed class FrameSource
{
    private readonly IFrameDecoder _decoder;
    private readonly byte[]? _native;
    private readonly IReadOnlyList<ReadOnlyMemory<byte>>? _encodedFrames;

    private FrameSource(PixelDescription description, DicomTransferSyntax syntax, IFrameDecoder decoder, byte[]? native, IReadOnlyList<ReadOnlyMemory<byte>>? encodedFrames)
    {
        Description = description;
        TransferSyntax = syntax;
        _decoder = decoder;
        _native = native;
        _encodedFrames = encodedFrames;
    }

    public PixelDescription Description { get; }

    public DicomTransferSyntax TransferSyntax { get; }

    public int FrameCount => Description.NumberOfFrames;

    /// <summary>
    /// Opens the frames of <paramref name="dataset"/>, or returns null with a one-line reason (no pixel data, a syntax
    /// not decoded, a description that does not fit the data).
    /// </summary>
    public static FrameSource? Open(DicomDataset dataset, DicomTransferSyntax syntax, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(syntax);
        if (!dataset.TryGet(DicomTag.PixelData, out var pixelData))
        {
            reason = "the instance has no Pixel Data (7FE0,0010)";
            return null;
        }

        var description = PixelDescription.FromDataset(dataset, out reason);
        if (description is null)
        {
            return null;
        }

        var decoder = FrameDecoders.For(syntax, out reason);
        if (decoder is null)
        {
            return null;
        }

        switch (pixelData)
        {
            case DicomFragmentSequence fragments when syntax.IsEncapsulated:
                var frames = SplitFrames(fragments, description.NumberOfFrames, out reason);
                return frames is null ? null : new FrameSource(description, syntax, decoder, null, frames);
            case DicomElement element when !syntax.IsEncapsulated:
                var bytes = element.GetBytes();
                var native = bytes.ToArray();
                var needed = description.BitsAllocated == 1
                    ? ((long)description.Rows * description.Columns * description.SamplesPerPixel * description.NumberOfFrames + 7) / 8
                    : description.NativeFrameBytes * description.NumberOfFrames;
                if (native.Length < needed)
                {
                    reason = $"Pixel Data holds {native.Length} bytes where {description.NumberOfFrames} frame(s) need {needed}";
                    return null;
                }

                return new FrameSource(description, syntax, decoder, native, null);
            default:
                reason = syntax.IsEncapsulated
                    ? "Pixel Data is not encapsulated although the transfer syntax is"
                    : "Pixel Data is encapsulated although the transfer syntax is native";
                return null;
        }
    }

    /// <summary>Decodes frame <paramref name="frameIndex"/> (from 0).</summary>
    /// <exception cref="PixelCodecException">The frame is corrupt or unsupported, or its codec is not installed.</exception>
    public PixelFrame Decode(int frameIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frameIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(frameIndex, FrameCount);
        return _native is not null
            ? _decoder.Decode(_native, Description, frameIndex)
            : _decoder.Decode(_encodedFrames![frameIndex].Span, Description, frameIndex);
    }

    /// <summary>The bytes of each frame of encapsulated pixel data (PS3.5 A.4).</summary>
    internal static IReadOnlyList<ReadOnlyMemory<byte>>? SplitFrames(DicomFragmentSequence sequence, int frameCount, out string? reason)
    {
        reason = null;
        var fragments = sequence.Fragments.Select(f => f.GetBytes()).ToList();
        if (fragments.Count == 0)
        {
            reason = "encapsulated Pixel Data has no fragments";
            return null;
        }

        if (frameCount == 1)
        {
            return [Join(fragments, 0, fragments.Count)];
        }

        if (fragments.Count == frameCount)
        {
            return fragments;
        }

        var starts = FromOffsetTable(sequence.OffsetTable.GetBytes().Span, fragments, frameCount) ?? FromCodestreamStarts(fragments);
        if (starts.Count != frameCount)
        {
            reason = $"encapsulated Pixel Data has {fragments.Count} fragments that could not be split into {frameCount} frames";
            return null;
        }

        var frames = new List<ReadOnlyMemory<byte>>(frameCount);
        for (var f = 0; f < starts.Count; f++)
        {
            var end = f + 1 < starts.Count ? starts[f + 1] : fragments.Count;
            frames.Add(Join(fragments, starts[f], end));
        }

        return frames;
    }

    private static List<int>? FromOffsetTable(ReadOnlySpan<byte> table, List<ReadOnlyMemory<byte>> fragments, int frameCount)
    {
        if (table.Length != frameCount * 4)
        {
            return null;
        }

        // Offsets count from the first fragment's item tag; each item is an 8-byte header and its value.
        var itemStarts = new Dictionary<long, int>();
        long position = 0;
        for (var i = 0; i < fragments.Count; i++)
        {
            itemStarts[position] = i;
            position += 8 + fragments[i].Length;
        }

        var starts = new List<int>(frameCount);
        for (var f = 0; f < frameCount; f++)
        {
            if (!itemStarts.TryGetValue(BinaryPrimitives.ReadUInt32LittleEndian(table[(f * 4)..]), out var index) || (starts.Count > 0 && index <= starts[^1]))
            {
                return null;
            }

            starts.Add(index);
        }

        return starts[0] == 0 ? starts : null;
    }

    private static List<int> FromCodestreamStarts(List<ReadOnlyMemory<byte>> fragments)
    {
        // A JPEG or JPEG-LS frame starts with SOI (FFD8), a JPEG 2000 codestream with SOC SIZ (FF4F FF51).
        var starts = new List<int>();
        for (var i = 0; i < fragments.Count; i++)
        {
            var span = fragments[i].Span;
            if (span.Length >= 4 && span[0] == 0xFF && (span[1] == 0xD8 || (span[1] == 0x4F && span[2] == 0xFF && span[3] == 0x51)))
            {
                starts.Add(i);
            }
        }

        return starts;
    }

    private static ReadOnlyMemory<byte> Join(List<ReadOnlyMemory<byte>> fragments, int start, int end)
    {
        if (end - start == 1)
        {
            return fragments[start];
        }

        var length = 0;
        for (var i = start; i < end; i++)
        {
            length += fragments[i].Length;
        }

        var joined = new byte[length];
        var at = 0;
        for (var i = start; i < end; i++)
        {
            fragments[i].Span.CopyTo(joined.AsSpan(at));
            at += fragments[i].Length;
        }

        return joined;
    }
}
