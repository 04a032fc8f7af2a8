using System.Buffers.Binary;

namespace DicomPipeline.Imaging;

/// <summary>Walks a JPEG stream's marker segments (ITU-T T.81 B.1) up to its frame header.</summary>
internal static class JpegMarkers
{
    /// <summary>
    /// Returns the frame's process (the SOFn marker's n: 0 baseline, 1 extended, 2 progressive, 3 lossless…) and its
    /// sample precision.
    /// </summary>
    public static (int Process, int Precision) FindFrame(ReadOnlySpan<byte> jpeg, int frameIndex)
    {
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8)
        {
            throw new PixelCodecException($"JPEG frame {frameIndex + 1} does not start with SOI");
        }

        var i = 2;
        while (i + 4 <= jpeg.Length)
        {
            if (jpeg[i] != 0xFF)
            {
                throw new PixelCodecException($"JPEG frame {frameIndex + 1} has no marker at byte {i}");
            }

            var marker = jpeg[i + 1];
            if (marker == 0xFF)
            {
                i++;
                continue;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[(i + 2)..]);
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                if (i + 4 >= jpeg.Length)
                {
                    break;
                }

                return (marker - 0xC0, jpeg[i + 4]);
            }

            i += 2 + length;
        }

        throw new PixelCodecException($"JPEG frame {frameIndex + 1} has no frame header (SOF)");
    }
}
