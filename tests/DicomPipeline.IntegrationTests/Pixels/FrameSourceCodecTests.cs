using DicomPipeline.Imaging;

namespace DicomPipeline.IntegrationTests.Pixels;

/// <summary>
/// The decoders against DCMTK's and GDCM's encoders: a native image whose values the test knows is compressed by the
/// reference tool, and every frame this library decodes must equal the original exactly (lossless syntaxes) or the
/// reference tool's own decoding within the codec's tolerance (lossy ones).
/// </summary>
public sealed class FrameSourceCodecTests : IDisposable
{
    private const string PydicomTestFiles = "/usr/lib/python3/dist-packages/pydicom/data/test_files";

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

    public static TheoryData<string, string[], string> PydicomFiles() => new()
    {
        // pydicom's test file, options for gdcmconv to rewrite it first (none: as it is), what it shows
        { "CT_small.dcm", [], "signed 16-bit MONOCHROME2" },
        { "MR_small_RLE.dcm", [], "signed 16-bit RLE Lossless" },
        { "SC_rgb_small_odd.dcm", [], "RGB of odd size" },
        { "SC_rgb_small_odd.dcm", ["--raw", "--planar-configuration", "1"], "RGB, planar configuration 1" },
        { "SC_ybr_full_422_uncompressed.dcm", [], "native YBR_FULL_422, upsampled to YBR_FULL" },
        { "SC_rgb_rle_2frame.dcm", [], "RGB RLE, two frames" },
        { "SC_rgb_rle_16bit_2frame.dcm", [], "16-bit RGB RLE, two frames" },
        { "MR_small_jp2klossless.dcm", [], "JPEG 2000 lossless, signed" },
    };

    [Theory]
    [MemberData(nameof(PydicomFiles))]
    public async Task Decode_PydicomTestFile_EqualsPydicomPixelArray(string name, string[] rewrite, string shows)
    {
        var path = Path.Combine(PydicomTestFiles, name);
        File.Exists(path).Should().BeTrue("python3-pydicom is installed (CI installs it)");
        Directory.CreateDirectory(_folder);
        if (rewrite.Length > 0)
        {
            var copy = Path.Combine(_folder, name);
            File.Copy(path, copy);
            path = await PixelCodecTools.ConvertAsync("gdcmconv", copy, rewrite);
        }

        var dataset = DicomPipeline.Dicom.DicomFile.Open(path).Dataset;
        if (rewrite.Contains("--planar-configuration"))
        {
            dataset.GetNumberOrDefault(DicomPipeline.Dicom.DicomTag.PlanarConfiguration, 0).Should().Be(1, "gdcmconv rewrote the samples by plane");
        }

        var bitsStored = dataset.GetNumberOrDefault(DicomPipeline.Dicom.DicomTag.BitsStored, 0);
        var expected = Path.Combine(_folder, $"pydicom-{Guid.NewGuid():N}.raw");
        // Debian's interpreter, where python3-pydicom and numpy are; the samples as stored, masked to Bits Stored, little-endian 32-bit.
        var script = "import sys, numpy, pydicom; ds = pydicom.dcmread(sys.argv[1]); "
            + "a = ds.pixel_array.astype(numpy.int64) & ((1 << ds.BitsStored) - 1); a.astype('<i4').tofile(sys.argv[2])";
        var result = await DicomPipeline.IntegrationTests.Infrastructure.ProcessRunner.RunAsync("/usr/bin/python3", ["-c", script, path, expected]);
        result.ExitCode.Should().Be(0, result.ToString());
        var bytes = await File.ReadAllBytesAsync(expected);
        var theirs = new int[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, theirs, 0, bytes.Length);

        var ours = PixelCodecTools.DecodeAll(path).SelectMany(f => PixelCodecTools.Masked(f, bitsStored)).ToArray();

        ours.Should().Equal(theirs, $"{name} ({shows}) decodes as pydicom decodes it");
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
