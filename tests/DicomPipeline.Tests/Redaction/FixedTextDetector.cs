using DicomPipeline.Redaction;

namespace DicomPipeline.Tests.Redaction;

/// <summary>A stand-in OCR engine: reports the given texts, each as a line covering what is drawn (not white) in the picture it is given, and counts its calls.</summary>
internal sealed class FixedTextDetector(params string[] lines) : ITextDetector
{
    public int Calls { get; private set; }

    public IReadOnlyList<TextLine> Detect(GrayImage image, CancellationToken cancellationToken = default)
    {
        Calls++;
        // What is drawn: every pixel that is not the white the redactor puts round the parts it reads.
        int left = image.Width, top = image.Height, right = 0, bottom = 0;
        for (var i = 0; i < image.Pixels.Length; i++)
        {
            if (image.Pixels[i] != 255)
            {
                left = Math.Min(left, i % image.Width);
                right = Math.Max(right, (i % image.Width) + 1);
                top = Math.Min(top, i / image.Width);
                bottom = Math.Max(bottom, (i / image.Width) + 1);
            }
        }

        if (right == 0)
        {
            return [];
        }

        var box = new PixelBox(left, top, right, bottom);
        return [.. lines.Select(text => new TextLine(box, [new TextWord(text, box, 90)]))];
    }

    public void Dispose()
    {
    }
}
