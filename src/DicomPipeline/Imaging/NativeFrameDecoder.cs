namespace DicomPipeline.Imaging;

/// <summary>
/// Reads frames of native (uncompressed) pixel data: 1-bit data unpacked to bytes, colour-by-plane data interleaved,
/// YBR_FULL_422 upsampled to YBR_FULL (PS3.3 C.7.6.3.1.2).
/// </summary>
internal sealed class NativeFrameDecoder : IFrameDecoder
{
    public static NativeFrameDecoder Instance { get; } = new();

    public PixelFrame Decode(ReadOnlySpan<byte> encoded, PixelDescription description, int frameIndex)
    {
        ArgumentNullException.ThrowIfNull(description);
        var pixels = description.Rows * description.Columns;
        if (description.BitsAllocated == 1)
        {
            return DecodeBits(encoded, description, frameIndex, pixels);
        }

        var frameBytes = description.NativeFrameBytes;
        var start = frameBytes * frameIndex;
        if (start + frameBytes > encoded.Length)
        {
            throw new PixelCodecException($"Pixel Data holds {encoded.Length} bytes, too few for frame {frameIndex + 1} of {description.NumberOfFrames}");
        }

        var source = encoded.Slice((int)start, (int)frameBytes);
        var bytesPerSample = description.DecodedBytesPerSample;
        var photometric = description.PhotometricInterpretation;
        if (photometric is "YBR_FULL_422" or "YBR_PARTIAL_422")
        {
            return new PixelFrame(description.Rows, description.Columns, 3, bytesPerSample, photometric.Replace("_422", "", StringComparison.Ordinal), Upsample422(source, description, bytesPerSample));
        }

        var samples = description.SamplesPerPixel;
        var data = new byte[pixels * samples * bytesPerSample];
        if (samples > 1 && description.PlanarConfiguration == 1)
        {
            var plane = pixels * bytesPerSample;
            for (var s = 0; s < samples; s++)
            {
                for (var p = 0; p < pixels; p++)
                {
                    for (var b = 0; b < bytesPerSample; b++)
                    {
                        data[(((p * samples) + s) * bytesPerSample) + b] = source[(s * plane) + (p * bytesPerSample) + b];
                    }
                }
            }
        }
        else
        {
            source.CopyTo(data);
        }

        return new PixelFrame(description.Rows, description.Columns, samples, bytesPerSample, photometric, data);
    }

    private static PixelFrame DecodeBits(ReadOnlySpan<byte> encoded, PixelDescription description, int frameIndex, int pixels)
    {
        var samples = pixels * description.SamplesPerPixel;
        var firstBit = (long)samples * frameIndex;
        if (firstBit + samples > (long)encoded.Length * 8)
        {
            throw new PixelCodecException($"Pixel Data holds {encoded.Length} bytes, too few for frame {frameIndex + 1} of {description.NumberOfFrames}");
        }

        // Bit 0 of each byte is the first pixel (PS3.5 D.2, little endian bit order).
        var data = new byte[samples];
        for (var i = 0; i < samples; i++)
        {
            var bit = firstBit + i;
            data[i] = (byte)((encoded[(int)(bit >> 3)] >> (int)(bit & 7)) & 1);
        }

        return new PixelFrame(description.Rows, description.Columns, description.SamplesPerPixel, 1, description.PhotometricInterpretation, data);
    }

    private static byte[] Upsample422(ReadOnlySpan<byte> source, PixelDescription description, int bytesPerSample)
    {
        // Each pair of pixels is stored Y1 Y2 Cb Cr; both pixels take the pair's chroma.
        var data = new byte[description.Rows * description.Columns * 3 * bytesPerSample];
        var pairs = description.Rows * description.Columns / 2;
        for (var pair = 0; pair < pairs; pair++)
        {
            for (var b = 0; b < bytesPerSample; b++)
            {
                var y1 = source[(((pair * 4) + 0) * bytesPerSample) + b];
                var y2 = source[(((pair * 4) + 1) * bytesPerSample) + b];
                var cb = source[(((pair * 4) + 2) * bytesPerSample) + b];
                var cr = source[(((pair * 4) + 3) * bytesPerSample) + b];
                var first = pair * 2 * 3 * bytesPerSample;
                data[first + b] = y1;
                data[first + bytesPerSample + b] = cb;
                data[first + (2 * bytesPerSample) + b] = cr;
                data[first + (3 * bytesPerSample) + b] = y2;
                data[first + (4 * bytesPerSample) + b] = cb;
                data[first + (5 * bytesPerSample) + b] = cr;
            }
        }

        return data;
    }
}
