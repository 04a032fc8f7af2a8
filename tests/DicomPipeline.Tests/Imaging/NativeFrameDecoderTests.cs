using DicomPipeline.Imaging;

namespace DicomPipeline.Tests.Imaging;

public sealed class NativeFrameDecoderTests
{
    [Fact]
    public void Decode_PlanarConfigurationOne_InterleavesSamples()
    {
        // 2 pixels, RGB by plane: R1 R2 G1 G2 B1 B2.
        var description = Describe(rows: 1, columns: 2, samples: 3, photometric: "RGB", planar: 1);

        var frame = NativeFrameDecoder.Instance.Decode(new byte[] { 10, 11, 20, 21, 30, 31 }, description, 0);

        frame.Data.Should().Equal(10, 20, 30, 11, 21, 31);
    }

    [Fact]
    public void Decode_SecondFrameOfSixteenBits_ReadsItsBytesLittleEndian()
    {
        var description = Describe(rows: 1, columns: 2, bitsAllocated: 16, frames: 2);

        var frame = NativeFrameDecoder.Instance.Decode(new byte[] { 1, 0, 2, 0, 0x34, 0x12, 0xFF, 0xFF }, description, 1);

        frame.BytesPerSample.Should().Be(2);
        frame.GetSample(0, 0).Should().Be(0x1234);
        frame.GetSample(0, 1).Should().Be(0xFFFF);
    }

    [Fact]
    public void Decode_OneBitFramesNotOnByteBoundary_UnpacksLeastSignificantBitFirst()
    {
        // Frames of 3x2 = 6 bits: frame 2 starts at bit 6 of byte 0. Bits (LSB first): 0b_10_110100 then 0b____1011.
        var description = Describe(rows: 2, columns: 3, bitsAllocated: 1, frames: 2);

        var frame = NativeFrameDecoder.Instance.Decode(new byte[] { 0b1011_0100, 0b0000_1011 }, description, 1);

        // Bits 6..11: byte0 bit6=0, bit7=1, byte1 bit0=1, bit1=1, bit2=0, bit3=1.
        frame.Data.Should().Equal(0, 1, 1, 1, 0, 1);
    }

    [Fact]
    public void Decode_YbrFull422_GivesEachPairItsChroma()
    {
        // Two pixels stored Y1 Y2 Cb Cr (PS3.3 C.7.6.3.1.2).
        var description = Describe(rows: 1, columns: 2, samples: 3, photometric: "YBR_FULL_422");

        var frame = NativeFrameDecoder.Instance.Decode(new byte[] { 100, 110, 50, 60 }, description, 0);

        frame.PhotometricInterpretation.Should().Be("YBR_FULL");
        frame.Data.Should().Equal(100, 50, 60, 110, 50, 60);
    }

    [Fact]
    public void Decode_TooFewBytesForFrame_ThrowsOneLineReason()
    {
        var description = Describe(rows: 2, columns: 2, frames: 2);

        var act = () => NativeFrameDecoder.Instance.Decode(new byte[6], description, 1);

        act.Should().Throw<PixelCodecException>().Which.Message.Should().NotContain("\n").And.Contain("frame 2 of 2");
    }

    internal static PixelDescription Describe(int rows, int columns, int samples = 1, int bitsAllocated = 8, string photometric = "MONOCHROME2", int planar = 0, int frames = 1) =>
        new(rows, columns, samples, bitsAllocated, bitsAllocated, bitsAllocated - 1, false, planar, photometric, frames);
}
