using DicomPipeline.Redaction;

namespace DicomPipeline.Tests.Redaction;

/// <summary>A stand-in OCR engine: reports the given texts, each as a line covering the whole picture it is given, and counts its calls.</summary>
internal sealed class FixedTextDetector(params string[] lines) : ITextDetector
{
    public int Calls { get; private set; }

    public IReadOnlyList<TextLine> Detect(GrayImage image, CancellationToken cancellationToken = default)
    {
        Calls++;
        var box = new PixelBox(0, 0, image.Width, image.Height);
        return [.. lines.Select(text => new TextLine(box, [new TextWord(text, box, 90)]))];
    }

    public void Dispose()
    {
    }
}
