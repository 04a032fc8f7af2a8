using DicomPipeline.Imaging.Interop;

namespace DicomPipeline.Imaging;

/// <summary>
/// JPEG Baseline and Extended (1.2.840.10008.1.2.4.50/51) and JPEG Lossless (.57/.70). 8-bit DCT frames go to
/// libjpeg-turbo (Debian <c>libturbojpeg0</c>); Debian bookworm's libjpeg-turbo 2.1 decodes neither 12-bit samples nor
/// the lossless process (both came in 3.0), so lossless frames go to <see cref="JpegLosslessDecoder"/> and 12-bit DCT
/// frames to <see cref="JpegExtendedDecoder"/>.
/// </summary>
internal sealed unsafe class JpegDecoder : IFrameDecoder
{
    private readonly NativeCodecLibrary _library;
    private readonly Lazy<TurboJpegApi> _api;

    public JpegDecoder(NativeCodecLibrary library)
    {
        _library = library;
        _api = new Lazy<TurboJpegApi>(() => new TurboJpegApi(_library));
    }

    public static NativeCodecLibrary DebianLibrary { get; } = new("libjpeg-turbo (TurboJPEG)", "libturbojpeg0", "libturbojpeg.so.0");

    public static JpegDecoder Instance { get; } = new(DebianLibrary);

    public PixelFrame Decode(ReadOnlySpan<byte> encoded, PixelDescription description, int frameIndex)
    {
        ArgumentNullException.ThrowIfNull(description);
        var (process, precision) = JpegMarkers.FindFrame(encoded, frameIndex);
        if (process == 3)
        {
            return JpegLosslessDecoder.Instance.Decode(encoded, description, frameIndex);
        }

        if (precision > 8)
        {
            return JpegExtendedDecoder.Decode(encoded, description, frameIndex);
        }

        if (precision != 8)
        {
            throw new PixelCodecException($"JPEG frame {frameIndex + 1} has {precision}-bit samples, which no JPEG DCT process allows");
        }

        var api = _api.Value;
        using var handle = new TurboJpegHandle(api);
        if (handle.IsInvalid)
        {
            throw new PixelCodecException("libjpeg-turbo could not make a decompressor");
        }

        var raw = handle.DangerousGetHandle();
        int width, height, subsampling, colorspace;
        fixed (byte* source = encoded)
        {
            if (api.DecompressHeader3(raw, source, (nuint)encoded.Length, &width, &height, &subsampling, &colorspace) != 0)
            {
                throw new PixelCodecException($"JPEG frame {frameIndex + 1} has a header libjpeg-turbo cannot read");
            }

            if (width != description.Columns || height != description.Rows)
            {
                throw new PixelCodecException($"JPEG frame {frameIndex + 1} is {width}x{height}, the header says {description.Columns}x{description.Rows}");
            }

            var gray = colorspace == TurboJpegApi.ColorspaceGray;
            var samples = gray ? 1 : 3;
            var data = new byte[width * height * samples];
            fixed (byte* destination = data)
            {
                var format = gray ? TurboJpegApi.PixelFormatGray : TurboJpegApi.PixelFormatRgb;
                if (api.Decompress2(raw, source, (nuint)encoded.Length, destination, width, width * samples, height, format, TurboJpegApi.FlagAccurateDct) != 0)
                {
                    throw new PixelCodecException($"JPEG frame {frameIndex + 1} is corrupt (libjpeg-turbo could not decode it)");
                }
            }

            // libjpeg converts YCbCr to RGB as it decodes; a grey image keeps the file's MONOCHROME1/2.
            return new PixelFrame(height, width, samples, 1, gray ? description.PhotometricInterpretation : "RGB", data);
        }
    }
}
