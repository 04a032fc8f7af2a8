using System.Buffers.Binary;
using DicomPipeline.Imaging.Interop;

namespace DicomPipeline.Imaging;

/// <summary>
/// JPEG 2000 lossless and lossy (1.2.840.10008.1.2.4.90/91) and HTJ2K (.201–.203) through OpenJPEG 2.5 (Debian
/// <c>libopenjp2-7</c>). OpenJPEG undoes the multiple-component transform itself, so colour frames come out RGB.
/// </summary>
internal sealed unsafe class Jpeg2000Decoder : IFrameDecoder
{
    private readonly NativeCodecLibrary _library;
    private readonly Lazy<OpenJpegApi> _api;

    public Jpeg2000Decoder(NativeCodecLibrary library)
    {
        _library = library;
        _api = new Lazy<OpenJpegApi>(() => new OpenJpegApi(_library));
    }

    public static NativeCodecLibrary DebianLibrary { get; } = new("OpenJPEG (JPEG 2000)", "libopenjp2-7", "libopenjp2.so.7");

    public static Jpeg2000Decoder Instance { get; } = new(DebianLibrary);

    public PixelFrame Decode(ReadOnlySpan<byte> encoded, PixelDescription description, int frameIndex)
    {
        ArgumentNullException.ThrowIfNull(description);
        var api = _api.Value;
        // A JP2 file starts with its signature box; DICOM asks for the bare codestream, but some writers wrap it.
        var format = encoded.Length >= 12 && BinaryPrimitives.ReadUInt32BigEndian(encoded[4..]) == 0x6A502020 ? OpenJpegApi.CodecJp2 : OpenJpegApi.CodecJ2k;
        using var codec = new OpenJpegHandle(api.CreateDecompress(format), api.DestroyCodec);
        using var stream = new OpenJpegHandle(api.StreamCreate(1 << 16, 1), api.StreamDestroy);
        if (codec.IsInvalid || stream.IsInvalid)
        {
            throw new PixelCodecException("OpenJPEG could not make a decoder");
        }

        var parameters = stackalloc byte[OpenJpegApi.DecoderParametersBytes];
        new Span<byte>(parameters, OpenJpegApi.DecoderParametersBytes).Clear();
        api.SetDefaultDecoderParameters(parameters);
        if (api.SetupDecoder(codec.DangerousGetHandle(), parameters) == 0)
        {
            throw new PixelCodecException("OpenJPEG could not set up its decoder");
        }

        fixed (byte* data = encoded)
        {
            var source = new OpenJpegMemorySource { Data = data, Length = encoded.Length, Position = 0 };
            var rawStream = stream.DangerousGetHandle();
            api.StreamSetReadFunction(rawStream, &OpenJpegMemorySource.Read);
            api.StreamSetSkipFunction(rawStream, &OpenJpegMemorySource.Skip);
            api.StreamSetSeekFunction(rawStream, &OpenJpegMemorySource.Seek);
            api.StreamSetUserData(rawStream, &source, 0);
            api.StreamSetUserDataLength(rawStream, (ulong)encoded.Length);
            nint rawImage = 0;
            var headerRead = api.ReadHeader(rawStream, codec.DangerousGetHandle(), &rawImage) != 0;
            using var image = new OpenJpegHandle(rawImage, api.ImageDestroy);
            if (!headerRead || image.IsInvalid)
            {
                throw new PixelCodecException($"JPEG 2000 frame {frameIndex + 1} has a header OpenJPEG cannot read");
            }

            if (api.Decode(codec.DangerousGetHandle(), rawStream, rawImage) == 0 || api.EndDecompress(codec.DangerousGetHandle(), rawStream) == 0)
            {
                throw new PixelCodecException($"JPEG 2000 frame {frameIndex + 1} is corrupt (OpenJPEG could not decode it)");
            }

            return ReadImage((byte*)rawImage, description, frameIndex);
        }
    }

    private static PixelFrame ReadImage(byte* image, PixelDescription description, int frameIndex)
    {
        var count = *(int*)(image + OpenJpegApi.ImageComponentCountOffset);
        var components = *(byte**)(image + OpenJpegApi.ImageComponentsOffset);
        if (count != description.SamplesPerPixel || components is null)
        {
            throw new PixelCodecException($"JPEG 2000 frame {frameIndex + 1} has {count} components, the header says {description.SamplesPerPixel}");
        }

        var rows = description.Rows;
        var columns = description.Columns;
        var bytesPerSample = description.DecodedBytesPerSample;
        var result = new byte[rows * columns * count * bytesPerSample];
        for (var c = 0; c < count; c++)
        {
            var component = components + (c * OpenJpegApi.ComponentBytes);
            var width = *(int*)(component + OpenJpegApi.ComponentWidthOffset);
            var height = *(int*)(component + OpenJpegApi.ComponentHeightOffset);
            var dx = *(int*)(component + OpenJpegApi.ComponentDxOffset);
            var dy = *(int*)(component + OpenJpegApi.ComponentDyOffset);
            var samples = *(int**)(component + OpenJpegApi.ComponentDataOffset);
            if (width != columns || height != rows || dx != 1 || dy != 1 || samples is null)
            {
                throw new PixelCodecException($"JPEG 2000 frame {frameIndex + 1} component {c + 1} is {width}x{height} (subsampled {dx}x{dy}), the header says {columns}x{rows}");
            }

            for (var p = 0; p < rows * columns; p++)
            {
                // Signed samples keep their two's complement bits, as native data stores them.
                var value = samples[p];
                var at = ((p * count) + c) * bytesPerSample;
                result[at] = (byte)value;
                if (bytesPerSample == 2)
                {
                    result[at + 1] = (byte)(value >> 8);
                }
            }
        }

        // YBR_ICT and YBR_RCT name the transform OpenJPEG has undone; any other photometric value is as stored.
        var photometric = description.PhotometricInterpretation is "YBR_ICT" or "YBR_RCT" ? "RGB" : description.PhotometricInterpretation;
        return new PixelFrame(rows, columns, count, bytesPerSample, photometric, result);
    }
}
