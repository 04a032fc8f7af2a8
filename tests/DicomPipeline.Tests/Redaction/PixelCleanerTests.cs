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
        using var cleaner = new PixelCleaner(() => new FixedTextDetector("WALKER ROSEMARY"));

        var result = cleaner.Clean(source, output, Identifiers);

        result.HeldBackReason.Should().BeNull();
        result.FramesScanned.Should().Be(1);
        result.BoxesBlanked.Should().BeGreaterThan(0);
        output.GetString(DicomTag.BurnedInAnnotation).Should().Be("NO");
        var written = ((DicomElement)output[DicomTag.PixelData]).GetBytes().ToArray();
        // Inside the line (row 8, column 8) now black (the frame's lowest value, 10); far outside unchanged.
        written[(8 * 48) + 8].Should().Be(10);
        written[(28 * 48) + 44].Should().Be(30);
        written.Where((b, i) => b != pixels[i]).Should().NotBeEmpty();
    }

    [Fact]
    public void Clean_LineBlanked_IconImageSequenceRemoved()
    {
        // The icon is a small copy of the unredacted frame: it would show the text the frame no longer does.
        var source = Image(out _);
        source.Dataset.AddOrUpdate(new DicomSequence(DicomTag.IconImageSequence, [new DicomDataset().SetString(DicomTag.PhotometricInterpretation, "MONOCHROME2")]));
        var output = source.Dataset.Clone();
        using var cleaner = new PixelCleaner(() => new FixedTextDetector("WALKER ROSEMARY"));

        cleaner.Clean(source, output, Identifiers).BoxesBlanked.Should().BeGreaterThan(0);

        output.Contains(DicomTag.IconImageSequence).Should().BeFalse();
    }

    [Fact]
    public void Clean_LineWithoutIdentifier_KeepsPixelsAndBurnedInAnnotation()
    {
        var source = Image(out _);
        var output = source.Dataset.Clone();
        using var cleaner = new PixelCleaner(() => new FixedTextDetector("SAGITTAL"));

        var result = cleaner.Clean(source, output, Identifiers);

        result.BoxesBlanked.Should().Be(0);
        result.LinesLeft.Should().BeGreaterThan(0);
        output.GetString(DicomTag.BurnedInAnnotation).Should().Be("YES");
        // The same bytes in memory, not a copy: ReadOnlyMemory's equality is the same array, offset and length.
        ((DicomElement)output[DicomTag.PixelData]).MemoryBytes.Equals(((DicomElement)source.Dataset[DicomTag.PixelData]).MemoryBytes)
            .Should().BeTrue("pixels with nothing blanked are passed through untouched");
    }

    [Fact]
    public void Clean_BlankAllText_BlanksLineWithoutIdentifier()
    {
        var source = Image(out _);
        var output = source.Dataset.Clone();
        using var cleaner = new PixelCleaner(() => new FixedTextDetector("SAGITTAL"), blankAllText: true);

        cleaner.Clean(source, output, Identifiers).BoxesBlanked.Should().BeGreaterThan(0);
        output.GetString(DicomTag.BurnedInAnnotation).Should().Be("NO");
    }

    [Fact]
    public void Clean_RuleRegion_BlankedWithoutAnyText()
    {
        var source = Image(out var pixels);
        var output = source.Dataset.Clone();
        using var cleaner = new PixelCleaner(() => new FixedTextDetector(), ruleRegions: _ => [new PixelBox(0, 0, 48, 1)]);

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

        using var cleaner = new PixelCleaner(() => new FixedTextDetector());

        var result = cleaner.Clean(source, source.Dataset.Clone(), Identifiers);

        result.HeldBackReason.Should().StartWith("Clean Pixel Data cannot read the pixels: pixel data in 1.2.840.10008.1.2.4.100");
    }

    /// <summary>
    /// A 48 × 32 frame, background 30 with one darkest pixel (10) in the last corner, and a row of three hollow 5 × 8
    /// boxes drawn at 250 from (6, 4): strokes shaped like glyphs, which the region pass hands to the detector.
    /// </summary>
    internal static DicomFile Image(out byte[] pixels)
    {
        pixels = new byte[48 * 32];
        Array.Fill(pixels, (byte)30);
        pixels[^1] = 10;
        foreach (var left in new[] { 6, 13, 20 })
        {
            for (var y = 4; y < 12; y++)
            {
                for (var x = left; x < left + 5; x++)
                {
                    if (y == 4 || y == 11 || x == left || x == left + 4)
                    {
                        pixels[(y * 48) + x] = 250;
                    }
                }
            }
        }

        var dataset = new DicomDataset()
            .SetString(DicomTag.BurnedInAnnotation, "YES")
            .SetNumbers<ushort>(DicomTag.SamplesPerPixel, DicomVR.US, 1)
            .SetString(DicomTag.PhotometricInterpretation, "MONOCHROME2")
            .SetNumbers<ushort>(DicomTag.Rows, DicomVR.US, 32)
            .SetNumbers<ushort>(DicomTag.Columns, DicomVR.US, 48)
            .SetNumbers<ushort>(DicomTag.BitsAllocated, DicomVR.US, 8)
            .SetNumbers<ushort>(DicomTag.BitsStored, DicomVR.US, 8)
            .SetNumbers<ushort>(DicomTag.HighBit, DicomVR.US, 7)
            .SetNumbers<ushort>(DicomTag.PixelRepresentation, DicomVR.US, 0)
            .SetBytes(DicomTag.PixelData, DicomVR.OB, pixels);
        return new DicomFile(dataset, DicomTransferSyntax.ExplicitVRLittleEndian);
    }
}
