namespace DicomPipeline.Imaging;

/// <summary>What the lossless decoder knows of the frame it reads, to say where an error is.</summary>
internal sealed class JpegLosslessState(int frameIndex)
{
    public PixelCodecException Error(string what) => new($"JPEG Lossless frame {frameIndex + 1} {what}");
}
