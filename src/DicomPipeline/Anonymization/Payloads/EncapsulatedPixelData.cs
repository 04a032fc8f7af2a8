using System.Buffers.Binary;
using DicomPipeline.Dicom;

namespace DicomPipeline.Anonymization.Payloads;

/// <summary>
/// Encapsulated pixel data (PS3.5 A.4) reduced to the fragments that belong to frames. Where each frame starts comes
/// from the extended offset table, else the basic offset table, else the rules (one frame: every fragment; as many
/// fragments as frames: one each; RLE and encapsulated uncompressed: one each; JPEG family: a fragment that begins a
/// stream, FF D8 or FF 4F). A JPEG-family frame ends at the fragment that ends with FF D9, an RLE frame with its one
/// fragment: what follows, up to the next frame or the end, is not a frame's and is dropped. Offset tables are
/// recomputed when anything moved. Video (MPEG, HEVC) and unknown syntaxes are left as they are.
/// </summary>
internal static class EncapsulatedPixelData
{
    private enum Codec
    {
        Other,
        Jpeg,
        JpegLs,
        Jpeg2000,
        OneFragmentPerFrame,
    }

    public static void Clean(DicomDataset dataset, DicomFragmentSequence pixels, DicomTransferSyntax syntax, List<PayloadAction> actions)
    {
        var codec = CodecOf(syntax.Uid);
        if (codec == Codec.Other || pixels.Fragments.Count == 0)
        {
            return;
        }

        using var reader = new FragmentReader();
        var fragments = pixels.Fragments;
        var frameCount = (int)Math.Clamp(DescriptorValues.Number(dataset, DicomTag.NumberOfFrames) ?? 1, 1, int.MaxValue);
        var hasExtended = dataset.TryGetElement(DicomTag.ExtendedOffsetTable, out var extended);
        var starts = FrameStarts(pixels, hasExtended ? extended : null, frameCount, codec, reader);
        if (starts is null)
        {
            return;
        }

        var frames = new List<IReadOnlyList<DicomElement>>(starts.Count);
        var dropped = false;
        for (var i = 0; i < starts.Count; i++)
        {
            var end = i + 1 < starts.Count ? starts[i + 1] : fragments.Count;
            var last = end;
            if (codec == Codec.OneFragmentPerFrame)
            {
                last = starts[i] + 1;
            }
            else
            {
                for (var j = starts[i]; j < end; j++)
                {
                    if (reader.EndsWithEndOfImage(fragments[j]))
                    {
                        last = j + 1;
                        break;
                    }
                }
            }

            dropped |= last != end || (i == 0 && starts[0] != 0);
            var frame = new List<DicomElement>(last - starts[i]);
            for (var j = starts[i]; j < last; j++)
            {
                frame.Add(fragments[j]);
            }

            frames.Add(frame);
        }

        var headersChanged = false;
        var trailingCut = false;
        if (codec is Codec.Jpeg or Codec.JpegLs or Codec.Jpeg2000)
        {
            for (var i = 0; i < frames.Count; i++)
            {
                switch (JpegHeaderRewriter.Rewrite(frames[i], reader, codec == Codec.Jpeg2000, out var rewritten, out var cut))
                {
                    case JpegHeaderRewriter.Outcome.Rewritten:
                        frames[i] = rewritten;
                        trailingCut |= cut;
                        headersChanged = true;
                        break;
                    case JpegHeaderRewriter.Outcome.TrailingCut:
                        frames[i] = rewritten;
                        trailingCut = true;
                        break;
                    case JpegHeaderRewriter.Outcome.Unreadable:
                        actions.Add(new PayloadAction(pixels.Tag.ToString(), PayloadReasons.JpegHeaderUnreadable));
                        break;
                    default:
                        break;
                }
            }
        }

        if (!dropped && !headersChanged && !trailingCut)
        {
            return;
        }

        var kept = frames.SelectMany(f => f).ToList();
        // A basic offset table that was there is recomputed; an empty one stays empty (the rules above still hold).
        var offsetTable = pixels.OffsetTable.Length == 0
            ? pixels.OffsetTable
            : new DicomElement(DicomTag.ItemTag, DicomVR.OB, BasicOffsets(frames));
        if (hasExtended)
        {
            WriteExtendedTables(dataset, frames);
        }

        dataset.AddOrUpdate(new DicomFragmentSequence(pixels.Tag, pixels.VR, offsetTable, kept));
        if (dropped)
        {
            actions.Add(new PayloadAction(pixels.Tag.ToString(), PayloadReasons.FragmentsDropped));
        }

        if (trailingCut)
        {
            actions.Add(new PayloadAction(pixels.Tag.ToString(), PayloadReasons.AfterEndOfImageCut));
        }

        if (headersChanged)
        {
            actions.Add(new PayloadAction(
                pixels.Tag.ToString(),
                codec == Codec.Jpeg2000 ? PayloadReasons.Jpeg2000CommentsBlanked : PayloadReasons.JpegSegmentsStripped));
        }
    }

    private static Codec CodecOf(string uid) => uid switch
    {
        "1.2.840.10008.1.2.4.80" or "1.2.840.10008.1.2.4.81" => Codec.JpegLs,
        "1.2.840.10008.1.2.4.90" or "1.2.840.10008.1.2.4.91" or "1.2.840.10008.1.2.4.92" or "1.2.840.10008.1.2.4.93"
            or "1.2.840.10008.1.2.4.201" or "1.2.840.10008.1.2.4.202" or "1.2.840.10008.1.2.4.203" => Codec.Jpeg2000,
        "1.2.840.10008.1.2.5" or "1.2.840.10008.1.2.1.98" => Codec.OneFragmentPerFrame,
        _ when uid.StartsWith("1.2.840.10008.1.2.4.", StringComparison.Ordinal)
            && int.TryParse(uid.AsSpan("1.2.840.10008.1.2.4.".Length), out var process)
            && process is >= 50 and <= 70 => Codec.Jpeg,
        _ => Codec.Other,
    };

    /// <summary>The index of each frame's first fragment, or null when the frames cannot be told apart.</summary>
    private static List<int>? FrameStarts(DicomFragmentSequence pixels, DicomElement? extended, int frameCount, Codec codec, FragmentReader reader)
    {
        var fragments = pixels.Fragments;
        List<long>? offsets = null;
        if (extended is not null && extended.Length >= 8L * frameCount)
        {
            var bytes = extended.GetBytes().Span;
            offsets = [];
            for (var i = 0; i < frameCount; i++)
            {
                offsets.Add((long)BinaryPrimitives.ReadUInt64LittleEndian(bytes[(i * 8)..]));
            }
        }
        else if (pixels.OffsetTable.Length >= 4L * frameCount && pixels.OffsetTable.Length % 4 == 0)
        {
            // A table with another count than Number of Frames is not trusted: the rules below decide instead.
            var bytes = pixels.OffsetTable.GetBytes().Span;
            if (bytes.Length / 4 == frameCount)
            {
                offsets = [];
                for (var i = 0; i < frameCount; i++)
                {
                    offsets.Add(BinaryPrimitives.ReadUInt32LittleEndian(bytes[(i * 4)..]));
                }
            }
        }

        if (offsets is not null)
        {
            // Offsets count from the first fragment's item tag; each item is 8 bytes of header and its value.
            var index = new Dictionary<long, int>();
            long at = 0;
            for (var i = 0; i < fragments.Count; i++)
            {
                index[at] = i;
                at += 8 + fragments[i].Length + (fragments[i].Length & 1);
            }

            var starts = new List<int>(offsets.Count);
            foreach (var offset in offsets)
            {
                if (!index.TryGetValue(offset, out var i) || (starts.Count > 0 && i <= starts[^1]))
                {
                    return null;
                }

                starts.Add(i);
            }

            return starts;
        }

        if (frameCount == 1)
        {
            return [0];
        }

        if (fragments.Count == frameCount || codec == Codec.OneFragmentPerFrame)
        {
            return fragments.Count < frameCount ? null : [.. Enumerable.Range(0, frameCount)];
        }

        var second = codec == Codec.Jpeg2000 ? (byte)0x4F : (byte)0xD8;
        var found = new List<int>(frameCount);
        for (var i = 0; i < fragments.Count && found.Count < frameCount; i++)
        {
            if (reader.StartsWith(fragments[i], 0xFF, second))
            {
                found.Add(i);
            }
        }

        return found.Count == frameCount ? found : null;
    }

    private static byte[] BasicOffsets(List<IReadOnlyList<DicomElement>> frames)
    {
        var table = new byte[frames.Count * 4];
        long at = 0;
        for (var i = 0; i < frames.Count; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(i * 4), (uint)at);
            at += frames[i].Sum(f => 8 + f.Length + (f.Length & 1));
        }

        return table;
    }

    private static void WriteExtendedTables(DicomDataset dataset, List<IReadOnlyList<DicomElement>> frames)
    {
        var offsets = new byte[frames.Count * 8];
        var lengths = new byte[frames.Count * 8];
        long at = 0;
        for (var i = 0; i < frames.Count; i++)
        {
            var length = frames[i].Sum(f => f.Length + (f.Length & 1));
            BinaryPrimitives.WriteUInt64LittleEndian(offsets.AsSpan(i * 8), (ulong)at);
            BinaryPrimitives.WriteUInt64LittleEndian(lengths.AsSpan(i * 8), (ulong)length);
            at += frames[i].Sum(f => 8 + f.Length + (f.Length & 1));
        }

        dataset.AddOrUpdate(new DicomElement(DicomTag.ExtendedOffsetTable, DicomVR.OV, offsets));
        dataset.AddOrUpdate(new DicomElement(DicomTag.ExtendedOffsetTableLengths, DicomVR.OV, lengths));
    }
}
