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

    private static PixelFrame Frame(params byte[] data) => new(2, 3, 1, 1, "MONOCHROME2", data);
}
