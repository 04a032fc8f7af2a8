using DicomPipeline.Dicom;
using DicomPipeline.Imaging;

namespace DicomPipeline.Tests.Imaging;

public sealed class PixelDataEncoderTests
{
    private static readonly PixelDescription Description = NativeFrameDecoderTests.Describe(rows: 2, columns: 3);

    [Fact]
    public void Write_FramesFromLosslessJpeg_BecomeRleFragmentsThatDecodeToThem()
    {
        var frames = new[] { Frame(1, 2, 3, 4, 5, 6), Frame(9, 9, 9, 9, 9, 9) };
        var output = new DicomDataset();

        var syntax = PixelDataEncoder.Write(frames, Description with { NumberOfFrames = 2 }, DicomTransferSyntax.JpegLosslessSV1, output);

        syntax.Should().Be(DicomTransferSyntax.RleLossless);
        var fragments = output[DicomTag.PixelData].Should().BeOfType<DicomFragmentSequence>().Subject.Fragments;
        fragments.Should().HaveCount(2);
        RleCodec.Instance.Decode(fragments[1].GetBytes().Span, Description, 1).Data.Should().Equal(9, 9, 9, 9, 9, 9);
        output.Contains(DicomTag.LossyImageCompression).Should().BeFalse();
    }

    [Fact]
    public void Write_FramesFromJpegBaseline_AreNativeAndMarkedLossy()
    {
        var output = new DicomDataset();

        var syntax = PixelDataEncoder.Write([Frame(1, 2, 3, 4, 5, 6)], Description, DicomTransferSyntax.JpegBaseline, output);

        syntax.Should().Be(DicomTransferSyntax.ExplicitVRLittleEndian);
        output.GetString(DicomTag.LossyImageCompression).Should().Be("01");
        output.GetString(DicomTag.LossyImageCompressionMethod).Should().Be("ISO_10918_1");
        // Six 8-bit samples: an even length, no padding byte.
        ((DicomElement)output[DicomTag.PixelData]).GetBytes().ToArray().Should().Equal(1, 2, 3, 4, 5, 6);
    }

    [Fact]
    public void Write_FramesFromJpegBaselineWithoutRatio_NamesTheSourceCompressionRatio()
    {
        // The source's pixel data still in the output: one frame of 6 samples in a 4-byte fragment (then padded to 4).
        var output = new DicomDataset();
        output.AddOrUpdate(new DicomFragmentSequence(
            DicomTag.PixelData,
            DicomVR.OB,
            new DicomElement(DicomTag.Item, DicomVR.OB, ReadOnlyMemory<byte>.Empty),
            [new DicomElement(DicomTag.Item, DicomVR.OB, new byte[] { 0xFF, 0xD8, 0xFF, 0xD9 })]));

        PixelDataEncoder.Write([Frame(1, 2, 3, 4, 5, 6)], Description, DicomTransferSyntax.JpegBaseline, output);

        // PS3.3 C.7.6.1.1.5.2: uncompressed over compressed size, 6 / 4.
        output.GetString(DicomTag.LossyImageCompressionRatio).Should().Be("1.5");
    }

    [Fact]
    public void Write_FramesFromJpegBaselineWithRatio_KeepsTheSourcesRatio()
    {
        var output = new DicomDataset().SetString(DicomTag.LossyImageCompressionRatio, "12.5");

        PixelDataEncoder.Write([Frame(1, 2, 3, 4, 5, 6)], Description, DicomTransferSyntax.JpegBaseline, output);

        output.GetString(DicomTag.LossyImageCompressionRatio).Should().Be("12.5");
    }

    private static PixelFrame Frame(params byte[] data) => new(2, 3, 1, 1, "MONOCHROME2", data);
}
