namespace DicomPipeline.Imaging;

/// <summary>Decodes one frame of one transfer syntax. Implementations are stateless and safe to share between threads.</summary>
internal interface IFrameDecoder
{
    /// <summary>
    /// Decodes frame <paramref name="frameIndex"/>: <paramref name="encoded"/> is that frame's fragments joined for an
    /// encapsulated syntax, and the whole Pixel Data value (little endian) for a native one, whose frames of 1-bit data
    /// need not start on a byte.
    /// </summary>
    /// <exception cref="PixelCodecException">The data is corrupt or unsupported, or the codec is not installed.</exception>
    PixelFrame Decode(ReadOnlySpan<byte> encoded, PixelDescription description, int frameIndex);
}
