using DicomPipeline.Dicom;
using DicomPipeline.Imaging;
using DicomPipeline.Redaction;

namespace DicomPipeline.Tests.Redaction;

public sealed class PixelCleanerTests
{
    private static readonly PixelIdentifiers Identifiers = PixelIdentifiers.FromNormalForms(["WALKER", "ROSEMARY"]);

    [Fact]
    public void Clean_LineWithIdentifier_BlanksItAndSetsBurnedInAnnotationNo()
    {
        var source = Image(out var pixels);
        var output = source.Dataset.Clone();
        using var cleaner = new PixelCleaner(() => new FixedDetector(("WALKER ROSEMARY", new PixelBox(6, 3, 18, 6))));

        var result = cleaner.Clean(source, output, Identifiers);

        result.HeldBackReason.Should().BeNull();
        result.FramesScanned.Should().Be(1);
        result.BoxesBlanked.Should().BeGreaterThan(0);
        output.GetString(DicomTag.BurnedInAnnotation).Should().Be("NO");
        var written = ((DicomElement)output[DicomTag.PixelData]).GetBytes().ToArray();
        // Inside the line (row 4, column 10) now black (the frame's lowest value, 10); far outside unchanged.
        written[(4 * 24) + 10].Should().Be(10);
        written[(15 * 24) + 20].Should().Be(pixels[(15 * 24) + 20]);
        written.Where((b, i) => b != pixels[i]).Should().NotBeEmpty();
    }

    [Fact]
    public void Clean_LineWithoutIdentifier_KeepsPixelsAndBurnedInAnnotation()
    {
        var source = Image(out _);
        var output = source.Dataset.Clone();
        using var cleaner = new PixelCleaner(() => new FixedDetector(("SAGITTAL", new PixelBox(6, 3, 18, 6))));

        var result = cleaner.Clean(source, output, Identifiers);

        result.BoxesBlanked.Should().Be(0);
        result.LinesLeft.Should().BeGreaterThan(0);
        output.GetString(DicomTag.BurnedInAnnotation).Should().Be("YES");
        output[DicomTag.PixelData].Should().BeSameAs(source.Dataset[DicomTag.PixelData], "pixels with nothing blanked are passed through untouched");
    }

    [Fact]
    public void Clean_BlankAllText_BlanksLineWithoutIdentifier()
    {
        var source = Image(out _);
        var output = source.Dataset.Clone();
        using var cleaner = new PixelCleaner(() => new FixedDetector(("SAGITTAL", new PixelBox(6, 3, 18, 6))), blankAllText: true);

        cleaner.Clean(source, output, Identifiers).BoxesBlanked.Should().BeGreaterThan(0);
        output.GetString(DicomTag.BurnedInAnnotation).Should().Be("NO");
    }

    [Fact]
    public void Clean_RuleRegion_BlankedWithoutAnyText()
    {
        var source = Image(out var pixels);
        var output = source.Dataset.Clone();
        using var cleaner = new PixelCleaner(() => new FixedDetector(), ruleRegions: _ => [new PixelBox(0, 0, 24, 2)]);

        var result = cleaner.Clean(source, output, Identifiers);

        result.BoxesBlanked.Should().Be(1);
        var written = ((DicomElement)output[DicomTag.PixelData]).GetBytes().ToArray();
        written.Take(48).Should().OnlyContain(b => b == 10);
        written.Skip(48).Should().Equal(pixels.Skip(48));
    }

    [Fact]
    public void Clean_OcrNotInstalled_HoldsBackWithOneLineReason()
    {
        var source = Image(out _);
        using var cleaner = new PixelCleaner(() => throw new PixelCodecException("Tesseract OCR is not installed (libtesseract.so.5, Debian package libtesseract5)", isCodecMissing: true));

        var result = cleaner.Clean(source, source.Dataset.Clone(), Identifiers);

        result.HeldBackReason.Should().Be("Clean Pixel Data cannot run OCR: Tesseract OCR is not installed (libtesseract.so.5, Debian package libtesseract5)");
    }

    [Fact]
    public void Clean_SyntaxNotDecoded_HoldsBack()
    {
        var source = new DicomFile(Image(out _).Dataset, DicomTransferSyntax.FromUid("1.2.840.10008.1.2.4.100"));

        using var cleaner = new PixelCleaner(() => new FixedDetector());

        var result = cleaner.Clean(source, source.Dataset.Clone(), Identifiers);

        result.HeldBackReason.Should().StartWith("Clean Pixel Data cannot read the pixels: pixel data in 1.2.840.10008.1.2.4.100");
    }

    private static DicomFile Image(out byte[] pixels)
    {
        pixels = new byte[24 * 16];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)(10 + (i % 200));
        }

        var dataset = new DicomDataset()
            .SetString(DicomTag.BurnedInAnnotation, "YES")
            .SetNumbers<ushort>(DicomTag.SamplesPerPixel, DicomVR.US, 1)
            .SetString(DicomTag.PhotometricInterpretation, "MONOCHROME2")
            .SetNumbers<ushort>(DicomTag.Rows, DicomVR.US, 16)
            .SetNumbers<ushort>(DicomTag.Columns, DicomVR.US, 24)
            .SetNumbers<ushort>(DicomTag.BitsAllocated, DicomVR.US, 8)
            .SetNumbers<ushort>(DicomTag.BitsStored, DicomVR.US, 8)
            .SetNumbers<ushort>(DicomTag.HighBit, DicomVR.US, 7)
            .SetNumbers<ushort>(DicomTag.PixelRepresentation, DicomVR.US, 0)
            .SetBytes(DicomTag.PixelData, DicomVR.OB, pixels);
        return new DicomFile(dataset, DicomTransferSyntax.ExplicitVRLittleEndian);
    }

    /// <summary>Reports the same lines for every picture, in the picture's pixels (the redactor may have scaled the frame up).</summary>
    private sealed class FixedDetector(params (string Text, PixelBox Box)[] lines) : ITextDetector
    {
        public IReadOnlyList<TextLine> Detect(GrayImage image, CancellationToken cancellationToken = default)
        {
            var scale = image.Width / 24;
            return [.. lines.Select(l =>
            {
                var box = new PixelBox(l.Box.Left * scale, l.Box.Top * scale, l.Box.Right * scale, l.Box.Bottom * scale);
                return new TextLine(box, [new TextWord(l.Text, box, 90)]);
            })];
        }

        public void Dispose()
        {
        }
    }
}
