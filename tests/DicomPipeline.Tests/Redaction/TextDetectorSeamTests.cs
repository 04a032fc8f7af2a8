using DicomPipeline.Anonymization;
using DicomPipeline.Dicom;

namespace DicomPipeline.Tests.Redaction;

/// <summary>Another OCR engine plugs in through <see cref="AnonymizationOptions.TextDetectorFactory"/>.</summary>
public sealed class TextDetectorSeamTests
{
    [Fact]
    public void Anonymize_TextDetectorFactory_ItsLinesAreMatchedAndBlanked()
    {
        var source = PixelCleanerTests.Image(out var pixels);
        source.Dataset.SetString(DicomTag.PatientName, "WALKER^ROSEMARY").SetString(DicomTag.Modality, "OT");
        var detector = new FixedTextDetector("WALKER ROSEMARY");
        var options = new AnonymizationOptions { Secret = "seam-test-secret-0b7e41c95d2a4f8e9c3d1a6b", CleanPixelData = true, TextDetectorFactory = () => detector };

        var result = new ConfidentialityProfileAnonymizer(options).Anonymize(source);

        detector.Calls.Should().BeGreaterThan(0);
        result.HeldBackReason.Should().BeNull();
        result.Dataset.GetString(DicomTag.BurnedInAnnotation).Should().Be("NO");
        var written = ((DicomElement)result.Dataset[DicomTag.PixelData]).GetBytes().ToArray();
        written[(8 * 48) + 8].Should().Be(10, "the line the plugged-in engine read holds the patient's name and is blanked");
        written[(28 * 48) + 44].Should().Be(pixels[(28 * 48) + 44]);
    }

    [Fact]
    public void Anonymize_FrameWithoutGlyphs_DetectorNeverCalled()
    {
        var source = PixelCleanerTests.Image(out var pixels);
        // Noise only: every glyph stroke painted over with values scattered round the background.
        var random = new Random(24);
        var noisy = pixels.Select(_ => (byte)(30 + random.Next(-25, 26))).ToArray();
        // The frame's range is the full 8 bits, as in an image with anatomy, so the noise is not stretched to it.
        noisy[0] = 0;
        noisy[^1] = 255;
        source.Dataset.SetBytes(DicomTag.PixelData, DicomVR.OB, noisy);
        var detector = new FixedTextDetector("WALKER ROSEMARY");
        var options = new AnonymizationOptions { Secret = "seam-test-secret-0b7e41c95d2a4f8e9c3d1a6b", CleanPixelData = true, TextDetectorFactory = () => detector };

        var result = new ConfidentialityProfileAnonymizer(options).Anonymize(source);

        detector.Calls.Should().Be(0, "no region of the frame has strokes shaped like glyphs, so OCR is not run at all");
        result.Dataset.GetString(DicomTag.BurnedInAnnotation).Should().Be("NO");
    }
}
