using System.Runtime.CompilerServices;

namespace DicomPipeline.Imaging;

/// <summary>
/// JPEG DCT frames with more than 8 bits per sample (12-bit Extended, process 4, in 1.2.840.10008.1.2.4.51) through
/// the managed JpegLibrary package: Debian bookworm's libjpeg-turbo 2.1 has no 12-bit API (it came in 3.0), and the
/// 12-bit IJG build GDCM ships reports errors by <c>longjmp</c>, which cannot cross managed frames. 8-bit frames stay
/// with libjpeg-turbo, which is faster.
/// </summary>
internal static class JpegExtendedDecoder
{
    public static PixelFrame Decode(ReadOnlySpan<byte> encoded, PixelDescription description, int frameIndex)
    {
        ArgumentNullException.ThrowIfNull(description);
        var decoder = new JpegLibrary.JpegDecoder();
        try
        {
            decoder.SetInput(encoded.ToArray());
            decoder.Identify();
            int width = decoder.Width, height = decoder.Height, precision = decoder.Precision, components = decoder.NumberOfComponents;
            if (width != description.Columns || height != description.Rows)
            {
                throw new PixelCodecException($"JPEG frame {frameIndex + 1} is {width}x{height}, the header says {description.Columns}x{description.Rows}");
            }

            if (components is not (1 or 3) || components != description.SamplesPerPixel)
            {
                throw new PixelCodecException($"JPEG frame {frameIndex + 1} has {components} components, Samples per Pixel says {description.SamplesPerPixel}");
            }

            if (description.DecodedBytesPerSample != 2)
            {
                throw new PixelCodecException($"JPEG frame {frameIndex + 1} has {precision}-bit samples but Bits Allocated is {description.BitsAllocated}");
            }

            var samples = new ushort[width * height * components];
            decoder.SetOutputWriter(new SampleWriter(width, height, components, (1 << precision) - 1, samples));
            decoder.Decode();

            // JPEG codes colour as YCbCr unless the encoder kept RGB; the file's Photometric Interpretation says which
            // (PS3.5 8.2.1), as DCMTK's decoder reads it by default.
            var ycbcr = components == 3 && description.PhotometricInterpretation.StartsWith("YBR", StringComparison.Ordinal);
            if (ycbcr)
            {
                ToRgb(samples, precision);
            }

            var data = new byte[samples.Length * 2];
            for (var i = 0; i < samples.Length; i++)
            {
                data[2 * i] = (byte)samples[i];
                data[(2 * i) + 1] = (byte)(samples[i] >> 8);
            }

            return new PixelFrame(height, width, components, 2, components == 1 ? description.PhotometricInterpretation : "RGB", data);
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or NotSupportedException or ArgumentException or IndexOutOfRangeException)
        {
            throw new PixelCodecException($"JPEG frame {frameIndex + 1} is corrupt (JpegLibrary could not decode it)", innerException: e);
        }
    }

    /// <summary>ITU-T T.871's YCbCr to RGB at <paramref name="precision"/> bits, in place.</summary>
    private static void ToRgb(ushort[] samples, int precision)
    {
        var max = (1 << precision) - 1;
        double center = 1 << (precision - 1);
        for (var i = 0; i < samples.Length; i += 3)
        {
            double y = samples[i], cb = samples[i + 1] - center, cr = samples[i + 2] - center;
            samples[i] = Clamp(y + (1.402 * cr), max);
            samples[i + 1] = Clamp(y - (0.344136 * cb) - (0.714136 * cr), max);
            samples[i + 2] = Clamp(y + (1.772 * cb), max);
        }
    }

    private static ushort Clamp(double value, int max) => (ushort)Math.Clamp((int)Math.Round(value, MidpointRounding.AwayFromZero), 0, max);

    /// <summary>Copies JpegLibrary's 8×8 blocks (already up-sampled, level-shifted, not clamped) into interleaved samples.</summary>
    private sealed class SampleWriter(int width, int height, int components, int max, ushort[] samples) : JpegLibrary.JpegBlockOutputWriter
    {
        public override void WriteBlock(ref short blockRef, int componentIndex, int x, int y)
        {
            var rows = Math.Min(height - y, 8);
            var columns = Math.Min(width - x, 8);
            for (var row = 0; row < rows; row++)
            {
                var at = ((((y + row) * width) + x) * components) + componentIndex;
                for (var column = 0; column < columns; column++)
                {
                    samples[at + (column * components)] = (ushort)Math.Clamp((int)Unsafe.Add(ref blockRef, (row * 8) + column), 0, max);
                }
            }
        }
    }
}
