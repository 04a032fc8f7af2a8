using System.Buffers.Binary;

namespace DicomPipeline.Imaging;

/// <summary>
/// RLE Lossless (PS3.5 Annex G): a 64-byte header of segment offsets, then one PackBits segment per byte of each
/// sample, most significant byte first. Written here, so redacted lossless images always have a lossless syntax to go to.
/// </summary>
internal sealed class RleCodec : IFrameDecoder
{
    private const int HeaderLength = 64;
    private const int MaxSegments = 15;

    public static RleCodec Instance { get; } = new();

    public PixelFrame Decode(ReadOnlySpan<byte> encoded, PixelDescription description, int frameIndex)
    {
        ArgumentNullException.ThrowIfNull(description);
        if (description.BitsAllocated == 1)
        {
            throw new PixelCodecException("RLE Lossless with Bits Allocated 1 is not decoded");
        }

        var bytesPerSample = description.DecodedBytesPerSample;
        var samples = description.SamplesPerPixel;
        var pixels = description.Rows * description.Columns;
        if (encoded.Length < HeaderLength)
        {
            throw new PixelCodecException($"RLE frame {frameIndex + 1} is shorter than its 64-byte header");
        }

        var segments = BinaryPrimitives.ReadInt32LittleEndian(encoded);
        if (segments != samples * bytesPerSample)
        {
            throw new PixelCodecException($"RLE frame {frameIndex + 1} has {segments} segments where the image needs {samples * bytesPerSample}");
        }

        var data = new byte[pixels * samples * bytesPerSample];
        for (var segment = 0; segment < segments; segment++)
        {
            var start = BinaryPrimitives.ReadInt32LittleEndian(encoded[(4 + (segment * 4))..]);
            var end = segment + 1 < segments ? BinaryPrimitives.ReadInt32LittleEndian(encoded[(8 + (segment * 4))..]) : encoded.Length;
            if (start < HeaderLength || end > encoded.Length || end < start)
            {
                throw new PixelCodecException($"RLE frame {frameIndex + 1} has a segment offset outside the frame");
            }

            // Segment s*bps+k holds byte (bps-1-k) of sample s: the most significant byte comes first.
            var sample = segment / bytesPerSample;
            var byteOfSample = bytesPerSample - 1 - (segment % bytesPerSample);
            var stride = samples * bytesPerSample;
            DecodeSegment(encoded[start..end], data, (sample * bytesPerSample) + byteOfSample, stride, pixels, frameIndex);
        }

        return new PixelFrame(description.Rows, description.Columns, samples, bytesPerSample, description.PhotometricInterpretation, data);
    }

    /// <summary>Encodes <paramref name="frame"/> as one RLE Lossless frame (the value of its fragment).</summary>
    public static byte[] Encode(PixelFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var segments = frame.SamplesPerPixel * frame.BytesPerSample;
        if (segments > MaxSegments)
        {
            throw new PixelCodecException("RLE Lossless holds at most 15 segments");
        }

        using var output = new MemoryStream();
        output.Write(new byte[HeaderLength]);
        var header = new byte[HeaderLength];
        BinaryPrimitives.WriteInt32LittleEndian(header, segments);
        var row = new byte[frame.Columns];
        var stride = frame.SamplesPerPixel * frame.BytesPerSample;
        for (var segment = 0; segment < segments; segment++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(4 + (segment * 4)), (int)output.Position);
            var sample = segment / frame.BytesPerSample;
            var offset = (sample * frame.BytesPerSample) + (frame.BytesPerSample - 1 - (segment % frame.BytesPerSample));
            for (var y = 0; y < frame.Rows; y++)
            {
                // Each row is encoded on its own (PS3.5 G.3.1): no run crosses a row's end.
                for (var x = 0; x < frame.Columns; x++)
                {
                    row[x] = frame.Data[(((y * frame.Columns) + x) * stride) + offset];
                }

                EncodeRow(row, output);
            }

            if ((output.Position & 1) != 0)
            {
                output.WriteByte(0);
            }
        }

        var bytes = output.ToArray();
        header.CopyTo(bytes, 0);
        return bytes;
    }

    private static void DecodeSegment(ReadOnlySpan<byte> segment, byte[] data, int offset, int stride, int pixels, int frameIndex)
    {
        var written = 0;
        var i = 0;
        while (i < segment.Length && written < pixels)
        {
            var n = (sbyte)segment[i++];
            if (n >= 0)
            {
                var count = n + 1;
                if (i + count > segment.Length)
                {
                    count = segment.Length - i;
                }

                for (var k = 0; k < count && written < pixels; k++)
                {
                    data[offset + (written++ * stride)] = segment[i + k];
                }

                i += n + 1;
            }
            else if (n != -128)
            {
                if (i >= segment.Length)
                {
                    break;
                }

                var value = segment[i++];
                for (var k = 0; k < 1 - n && written < pixels; k++)
                {
                    data[offset + (written++ * stride)] = value;
                }
            }
        }

        if (written < pixels)
        {
            throw new PixelCodecException($"RLE frame {frameIndex + 1} has a segment that ends after {written} of {pixels} pixels");
        }
    }

    private static void EncodeRow(ReadOnlySpan<byte> row, Stream output)
    {
        var i = 0;
        Span<byte> literal = stackalloc byte[129];
        while (i < row.Length)
        {
            var run = 1;
            while (i + run < row.Length && run < 128 && row[i + run] == row[i])
            {
                run++;
            }

            if (run >= 2)
            {
                output.WriteByte((byte)(sbyte)(1 - run));
                output.WriteByte(row[i]);
                i += run;
                continue;
            }

            // A literal run goes until two equal bytes start a replicate run, or 128 bytes.
            var length = 0;
            while (i + length < row.Length && length < 128 && !(i + length + 1 < row.Length && row[i + length] == row[i + length + 1]))
            {
                length++;
            }

            if (length == 0)
            {
                length = 1;
            }

            literal[0] = (byte)(length - 1);
            row.Slice(i, length).CopyTo(literal[1..]);
            output.Write(literal[..(length + 1)]);
            i += length;
        }
    }
}
