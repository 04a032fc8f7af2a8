using DicomPipeline.Imaging;
using DicomPipeline.Redaction;
using DicomPipeline.Tests.Imaging;

namespace DicomPipeline.Tests.Redaction;

public sealed class FrameRedactorTests
{
    [Fact]
    public void Blank_Monochrome2_FillsBoxWithDarkestValueAndLeavesTheRest()
    {
        var frame = new PixelFrame(2, 3, 1, 1, "MONOCHROME2", [50, 60, 70, 80, 90, 40]);

        FrameRedactor.Blank(frame, [new PixelBox(1, 0, 3, 1)], NativeFrameDecoderTests.Describe(2, 3));

        frame.Data.Should().Equal(50, 40, 40, 80, 90, 40);
    }

    [Fact]
    public void Blank_Monochrome1_FillsBoxWithBrightestStoredValue()
    {
        var frame = new PixelFrame(1, 3, 1, 1, "MONOCHROME1", [50, 200, 70]);

        FrameRedactor.Blank(frame, [new PixelBox(0, 0, 1, 1)], NativeFrameDecoderTests.Describe(1, 3, photometric: "MONOCHROME1"));

        frame.Data.Should().Equal(200, 200, 70);
    }

    [Fact]
    public void Blank_BoxPastTheEdge_IsClipped()
    {
        var frame = new PixelFrame(1, 2, 3, 1, "RGB", [1, 2, 3, 4, 5, 6]);

        FrameRedactor.Blank(frame, [new PixelBox(1, -5, 99, 99)], NativeFrameDecoderTests.Describe(1, 2, samples: 3, photometric: "RGB"));

        frame.Data.Should().Equal(1, 2, 3, 0, 0, 0);
    }
}
