using System.Globalization;
using DicomPipeline.Imaging.Interop;

namespace DicomPipeline.Imaging;

/// <summary>JPEG-LS lossless and near-lossless (1.2.840.10008.1.2.4.80/81) through CharLS 2 (Debian <c>libcharls2</c>).</summary>
internal sealed unsafe class JpegLsDecoder : IFrameDecoder
{
    private readonly NativeCodecLibrary _library;
    private readonly Lazy<CharLsApi> _api;

    public JpegLsDecoder(NativeCodecLibrary library)
    {
        _library = library;
        _api = new Lazy<CharLsApi>(() => new CharLsApi(_library));
    }

    public static NativeCodecLibrary DebianLibrary { get; } = new("CharLS (JPEG-LS)", "libcharls2", "libcharls.so.2");

    public static JpegLsDecoder Instance { get; } = new(DebianLibrary);

    public PixelFrame Decode(ReadOnlySpan<byte> encoded, PixelDescription description, int frameIndex)
    {
        ArgumentNullException.ThrowIfNull(description);
        var api = _api.Value;
        using var decoder = new CharLsDecoderHandle(api);
        if (decoder.IsInvalid)
        {
            throw new PixelCodecException("CharLS could not make a decoder");
        }

        var raw = decoder.DangerousGetHandle();
        CharLsFrameInfo info;
        int interleave;
        byte[] decoded;
        fixed (byte* source = encoded)
        {
            Check(api.SetSourceBuffer(raw, source, (nuint)encoded.Length), frameIndex);
            Check(api.ReadHeader(raw), frameIndex);
            Check(api.GetFrameInfo(raw, &info), frameIndex);
            Check(api.GetInterleaveMode(raw, &interleave), frameIndex);
            nuint size;
            Check(api.GetDestinationSize(raw, 0, &size), frameIndex);
            if (info.Width != description.Columns || info.Height != description.Rows || info.ComponentCount != description.SamplesPerPixel)
            {
                throw new PixelCodecException($"JPEG-LS frame {frameIndex + 1} is {info.Width}x{info.Height}x{info.ComponentCount}, the header says {description.Columns}x{description.Rows}x{description.SamplesPerPixel}");
            }

            decoded = new byte[checked((int)size)];
            fixed (byte* destination = decoded)
            {
                Check(api.DecodeToBuffer(raw, destination, size, 0), frameIndex);
            }
        }

        var bytesPerSample = info.BitsPerSample <= 8 ? 1 : 2;
        var samples = info.ComponentCount;
        var pixels = description.Rows * description.Columns;
        var data = decoded;
        if (samples > 1 && interleave == 0)
        {
            // Interleave mode none decodes plane after plane; frames here are interleaved pixel by pixel.
            data = new byte[decoded.Length];
            for (var s = 0; s < samples; s++)
            {
                for (var p = 0; p < pixels; p++)
                {
                    for (var b = 0; b < bytesPerSample; b++)
                    {
                        data[(((p * samples) + s) * bytesPerSample) + b] = decoded[(((s * pixels) + p) * bytesPerSample) + b];
                    }
                }
            }
        }

        var photometric = description.PhotometricInterpretation;
        return new PixelFrame(description.Rows, description.Columns, samples, bytesPerSample, photometric, data);
    }

    private static void Check(int error, int frameIndex)
    {
        if (error != 0)
        {
            throw new PixelCodecException($"JPEG-LS frame {(frameIndex + 1).ToString(CultureInfo.InvariantCulture)} is corrupt or unsupported (CharLS error {error.ToString(CultureInfo.InvariantCulture)})");
        }
    }
}
