using DicomPipeline.Imaging;

namespace DicomPipeline.IntegrationTests.Pixels;

/// <summary>
/// The decoders against DCMTK's and GDCM's encoders: a native image whose values the test knows is compressed by the
/// reference tool, and every frame this library decodes must equal the original exactly (lossless syntaxes) or the
/// reference tool's own decoding within the codec's tolerance (lossy ones).
/// </summary>
public sealed class FrameSourceCodecTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "dicompipeline-pixels-" + Guid.NewGuid().ToString("N")[..12]);

    public static TheoryData<string, string, string[], string> LosslessCases() => new()
    {
        // name, transfer syntax expected, tool and options
        { "mono8", "1.2.840.10008.1.2.5", ["dcmcrle"], "" },
        { "signed12x2", "1.2.840.10008.1.2.5", ["dcmcrle"], "" },
        { "rgb8x3", "1.2.840.10008.1.2.5", ["dcmcrle"], "" },
        { "mono8", "1.2.840.10008.1.2.4.70", ["dcmcjpeg", "+e1"], "" },
        { "mono16", "1.2.840.10008.1.2.4.70", ["dcmcjpeg", "+e1"], "" },
        { "unsigned12x2", "1.2.840.10008.1.2.4.70", ["dcmcjpeg", "+e1", "+fs", "1"], "fragments of 1 KB, split by the offset table" },
        { "rgb8x3", "1.2.840.10008.1.2.4.70", ["dcmcjpeg", "+e1"], "" },
        { "mono16", "1.2.840.10008.1.2.4.57", ["dcmcjpeg", "+el", "+sv", "6"], "process 14, selection value 6" },
        { "unsigned12x2", "1.2.840.10008.1.2.4.57", ["dcmcjpeg", "+el", "+sv", "7"], "selection value 7" },
        { "rgb8x3", "1.2.840.10008.1.2.4.57", ["dcmcjpeg", "+el", "+sv", "4"], "" },
        { "mono8", "1.2.840.10008.1.2.4.80", ["dcmcjpls", "+el"], "" },
        { "mono16", "1.2.840.10008.1.2.4.80", ["dcmcjpls", "+el"], "" },
        { "rgb8x3", "1.2.840.10008.1.2.4.80", ["dcmcjpls", "+el"], "" },
        { "mono8", "1.2.840.10008.1.2.4.90", ["gdcmconv", "--j2k"], "" },
        { "unsigned12x2", "1.2.840.10008.1.2.4.90", ["gdcmconv", "--j2k"], "" },
        { "rgb8x3", "1.2.840.10008.1.2.4.90", ["gdcmconv", "--j2k"], "" },
    };

    [Theory]
    [MemberData(nameof(LosslessCases))]
    public async Task Decode_LosslessSyntaxFromReferenceEncoder_EqualsOriginalPixels(string image, string syntax, string[] tool, string note)
    {
        _ = note;
        var original = Images[image];
        var native = await original.WriteAsync(_folder);
        var encoded = await PixelCodecTools.ConvertAsync(tool[0], native, tool[1..]);
        PixelCodecTools.TransferSyntaxOf(encoded).Should().Be(syntax);

        var frames = PixelCodecTools.DecodeAll(encoded);

        frames.Should().HaveCount(original.Frames);
        for (var f = 0; f < original.Frames; f++)
        {
            var expected = PixelCodecTools.Masked(new PixelFrame(original.Rows, original.Columns, original.SamplesPerPixel, original.BytesPerSample, "x", original.ExpectedFrame(f)), original.BitsStored);
            PixelCodecTools.Masked(frames[f], original.BitsStored).Should().Equal(expected, $"frame {f + 1} of {image} in {syntax} must decode exactly");
        }
    }

    public static TheoryData<string, string, string[], string, int> LossyCases() => new()
    {
        // name, transfer syntax, encoder and options, reference decoder, the largest difference allowed from its output
        { "mono8", "1.2.840.10008.1.2.4.50", ["dcmcjpeg", "+eb"], "dcmdjpeg", 1 },
        { "rgb8x3", "1.2.840.10008.1.2.4.50", ["dcmcjpeg", "+eb"], "dcmdjpeg", 2 },
        // 12-bit extended sequential (process 4): JpegLibrary's float IDCT against DCMTK's integer one.
        { "unsigned12x2", "1.2.840.10008.1.2.4.51", ["dcmcjpeg", "+ee"], "dcmdjpeg", 1 },
        { "signed12x2", "1.2.840.10008.1.2.4.51", ["dcmcjpeg", "+ee"], "dcmdjpeg", 1 },
        // 4:2:2 chroma: JpegLibrary repeats samples where libjpeg interpolates (4 of 4095 is a quarter of an 8-bit step).
        { "rgb12", "1.2.840.10008.1.2.4.51", ["dcmcjpeg", "+ee"], "dcmdjpeg", 4 },
        { "mono8", "1.2.840.10008.1.2.4.51", ["dcmcjpeg", "+ee"], "dcmdjpeg", 1 },
        { "mono8", "1.2.840.10008.1.2.4.81", ["dcmcjpls", "+en"], "dcmdjpls", 0 },
        { "mono8", "1.2.840.10008.1.2.4.91", ["gdcmconv", "--j2k", "--lossy", "-q", "30"], "gdcmconv", 1 },
    };

    [Theory]
    [MemberData(nameof(LossyCases))]
    public async Task Decode_LossySyntaxFromReferenceEncoder_MatchesReferenceDecoder(string image, string syntax, string[] tool, string referenceDecoder, int tolerance)
    {
        var original = Images[image];
        var native = await original.WriteAsync(_folder);
        var encoded = await PixelCodecTools.ConvertAsync(tool[0], native, tool[1..]);
        PixelCodecTools.TransferSyntaxOf(encoded).Should().Be(syntax);
        var reference = referenceDecoder == "gdcmconv"
            ? await PixelCodecTools.ConvertAsync("gdcmconv", encoded, "--raw")
            : await PixelCodecTools.ConvertAsync(referenceDecoder, encoded);

        var ours = PixelCodecTools.DecodeAll(encoded);
        var theirs = PixelCodecTools.DecodeAll(reference);

        ours.Should().HaveCount(theirs.Count);
        for (var f = 0; f < ours.Count; f++)
        {
            ours[f].SamplesPerPixel.Should().Be(theirs[f].SamplesPerPixel);
            PixelCodecTools.MaxDifference(PixelCodecTools.Masked(ours[f], original.BitsStored), PixelCodecTools.Masked(theirs[f], original.BitsStored))
                .Should().BeLessThanOrEqualTo(tolerance, $"frame {f + 1} in {syntax}");
        }
    }

    [Fact]
    public async Task Encode_RleFrames_DcmdrleDecodesOriginalPixels()
    {
        var original = Images["signed12x2"];
        var frames = PixelCodecTools.DecodeAll(await original.WriteAsync(_folder));
        var rle = await PixelCodecTools.WriteRleAsync(_folder, await original.WriteAsync(_folder), frames.Select(RleCodec.Encode).ToList());

        var decoded = PixelCodecTools.DecodeAll(await PixelCodecTools.ConvertAsync("dcmdrle", rle));

        for (var f = 0; f < original.Frames; f++)
        {
            decoded[f].Data.Should().Equal(frames[f].Data, $"frame {f + 1} as DCMTK decodes our RLE");
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static readonly Dictionary<string, PixelTestImage> Images = new(StringComparer.Ordinal)
    {
        ["mono8"] = new(40, 33),
        ["mono16"] = new(24, 31, BitsAllocated: 16, BitsStored: 16),
        ["unsigned12x2"] = new(32, 20, BitsAllocated: 16, BitsStored: 12, Frames: 2),
        ["signed12x2"] = new(20, 18, BitsAllocated: 16, BitsStored: 12, Signed: true, Frames: 2),
        ["rgb8x3"] = new(16, 24, SamplesPerPixel: 3, Photometric: "RGB", Frames: 3),
        ["rgb12"] = new(24, 40, SamplesPerPixel: 3, BitsAllocated: 16, BitsStored: 12, Photometric: "RGB"),
    };
}
