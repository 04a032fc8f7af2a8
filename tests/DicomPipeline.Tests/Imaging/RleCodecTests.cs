using DicomPipeline.Imaging;

namespace DicomPipeline.Tests.Imaging;

public sealed class RleCodecTests
{
    [Fact]
    public void Decode_HandMadeSegments_FollowsPackBitsAndByteOrder()
    {
        // One 16-bit sample, 4 pixels: segment 1 holds the high bytes, segment 2 the low bytes (PS3.5 G.2).
        // High: replicate run of 4 x 0x12 (-3, 0x12). Low: literal run of 4 (3, 1, 2, 3, 4).
        var encoded = new byte[64 + 2 + 6];
        encoded[0] = 2;
        encoded[4] = 64;
        encoded[8] = 66;
        new byte[] { 0xFD, 0x12, 3, 1, 2, 3, 4, 0 }.CopyTo(encoded, 64);
        var description = NativeFrameDecoderTests.Describe(rows: 2, columns: 2, bitsAllocated: 16);

        var frame = RleCodec.Instance.Decode(encoded, description, 0);

        frame.Data.Should().Equal(0x01, 0x12, 0x02, 0x12, 0x03, 0x12, 0x04, 0x12);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 1)]
    [InlineData(1, 2)]
    [InlineData(3, 2)]
    public void Encode_ThenDecode_GivesTheSameFrame(int samples, int bytesPerSample)
    {
        const int rows = 7, columns = 300;
        var data = new byte[rows * columns * samples * bytesPerSample];
        // Runs longer than 128, runs of 2, literals longer than 128, and noise.
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (i % 997) < 400 ? (byte)7 : (i % 997) < 402 ? (byte)9 : (byte)((i * 31) ^ (i >> 3));
        }

        var frame = new PixelFrame(rows, columns, samples, bytesPerSample, samples == 3 ? "RGB" : "MONOCHROME2", data);
        var description = NativeFrameDecoderTests.Describe(rows, columns, samples, bytesPerSample * 8, frame.PhotometricInterpretation);

        var encoded = RleCodec.Encode(frame);
        var decoded = RleCodec.Instance.Decode(encoded, description, 0);

        (encoded.Length % 2).Should().Be(0);
        decoded.Data.Should().Equal(data);
    }

    [Fact]
    public void Decode_SegmentTooShort_ThrowsOneLineReason()
    {
        var encoded = new byte[64 + 2];
        encoded[0] = 1;
        encoded[4] = 64;
        encoded[64] = 0xFF;
        encoded[65] = 1;
        var description = NativeFrameDecoderTests.Describe(rows: 2, columns: 2);

        var act = () => RleCodec.Instance.Decode(encoded, description, 0);

        act.Should().Throw<PixelCodecException>().Which.Message.Should().Contain("ends after 2 of 4 pixels");
    }
}
