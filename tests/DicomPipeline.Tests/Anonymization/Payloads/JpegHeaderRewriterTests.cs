using System.Text;
using DicomPipeline.Anonymization;
using DicomPipeline.Dicom;
using static DicomPipeline.Tests.Anonymization.Payloads.CompressedStreams;
using static DicomPipeline.Tests.Anonymization.Payloads.EncapsulatedPixelDataTests;
using static DicomPipeline.Tests.Anonymization.Payloads.PayloadTestData;

namespace DicomPipeline.Tests.Anonymization.Payloads;

public sealed class JpegHeaderRewriterTests
{
    private const string JpegBaseline = "1.2.840.10008.1.2.4.50";
    private const string JpegLs = "1.2.840.10008.1.2.4.80";
    private const string Jpeg2000 = "1.2.840.10008.1.2.4.90";

    public static TheoryData<string, AnonymizationPolicy, int> Cases()
    {
        var data = new TheoryData<string, AnonymizationPolicy, int>();
        foreach (var policy in Policies)
        {
            foreach (var threshold in new[] { 16, 1 << 20 })
            {
                foreach (var name in (string[])["COM", "APP1 Exif", "APP13 Photoshop", "APP0 JFXX thumbnail", "COM split across fragments", "JPEG-LS COM"])
                {
                    data.Add(name, policy, threshold);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Anonymize_JpegCommentOrApplicationSegment_StrippedRestUnchanged(string name, AnonymizationPolicy policy, int threshold)
    {
        var planted = Plant(name.Length);
        var identifying = name switch
        {
            "COM" or "COM split across fragments" or "JPEG-LS COM" => Comment(planted),
            "APP1 Exif" => App(1, "Exif\0\0", planted),
            "APP13 Photoshop" => App(13, "Photoshop 3.0\0", planted),
            _ => App(0, "JFXX\0", [0x10, .. planted]),
        };
        var stream = Even(name == "JPEG-LS COM" ? JpegLs(Jfif(), identifying) : Jpeg(Jfif(), identifying));
        var expected = Even(name == "JPEG-LS COM" ? CompressedStreams.JpegLs(Jfif()) : Jpeg(Jfif()));
        byte[][] fragments = name == "COM split across fragments"
            ? [stream[..(2 + Jfif().Length + 6)], stream[(2 + Jfif().Length + 6)..]]
            : [stream];
        var ds = Image(4, 4);
        ds.AddOrUpdate(new DicomFragmentSequence(DicomTag.PixelData, DicomVR.OB, new DicomElement(DicomTag.ItemTag, DicomVR.OB, Array.Empty<byte>()), fragments.Select(f => new DicomElement(DicomTag.ItemTag, DicomVR.OB, f))));

        var (output, result) = await AnonymizeFromFileAsync(ds, policy, DicomTransferSyntax.FromUid(name == "JPEG-LS COM" ? JpegLs : JpegBaseline), threshold: threshold);

        Leaks(output).Should().BeEmpty();
        var written = FragmentsOf(await ReadAsync(output)).Fragments.SelectMany(f => f.GetBytes().ToArray()).ToArray();
        Normalize(written).Should().Equal(Normalize(expected));
        result.PayloadActions.Should().Contain(a => a.Reason == "JPEG comment/application segments stripped");
    }

    /// <summary>Without the one fill byte before SOS and the one pad after EOI that even lengths may need.</summary>
    private static byte[] Normalize(byte[] stream)
    {
        var list = stream.ToList();
        if (list.Count > 2 && list[^1] == 0 && list[^2] == 0xD9)
        {
            list.RemoveAt(list.Count - 1);
        }

        for (var i = 0; i + 2 < list.Count; i++)
        {
            if (list[i] == 0xFF && list[i + 1] == 0xFF && list[i + 2] == 0xDA)
            {
                list.RemoveAt(i);
                break;
            }
        }

        return [.. list];
    }

    [Fact]
    public async Task Anonymize_HeaderShrinksByAnOddCount_FillByteKeepsTheFragmentEven()
    {
        // A 3-byte comment (7-byte segment): the fragment that holds the scan would become odd; the writer must not
        // pad inside a frame, so a fill byte (FF) goes before SOS.
        var stream = Jpeg(Jfif(), Comment(Encoding.ASCII.GetBytes("PID")));
        var split = (stream.Length - ScanAndEnd().Length - 10) & ~1;
        byte[][] fragments = [stream[..split], [.. stream[split..], 0]];
        fragments[0].Length.Should().Be(fragments[0].Length / 2 * 2);
        var ds = Image(4, 4);
        ds.AddOrUpdate(new DicomFragmentSequence(DicomTag.PixelData, DicomVR.OB, new DicomElement(DicomTag.ItemTag, DicomVR.OB, Array.Empty<byte>()), fragments.Select(f => new DicomElement(DicomTag.ItemTag, DicomVR.OB, f))));

        var (output, _) = await AnonymizeFromFileAsync(ds, AnonymizationPolicy.Basic, DicomTransferSyntax.FromUid(JpegBaseline));

        var written = FragmentsOf(await ReadAsync(output)).Fragments.Select(f => f.GetBytes().ToArray()).ToList();
        written.Should().OnlyContain(f => f.Length % 2 == 0);
        var joined = written.SelectMany(f => f).ToArray();
        joined.AsSpan().IndexOf("PID"u8).Should().Be(-1);
        joined.AsSpan().IndexOf((byte[])[0xFF, 0xFF, 0xDA]).Should().BePositive();
    }

    [Theory]
    [InlineData(AnonymizationPolicy.Basic)]
    [InlineData(AnonymizationPolicy.Strict)]
    public async Task Anonymize_Jpeg2000Comment_BlankedInPlace(AnonymizationPolicy policy)
    {
        var stream = Even(CompressedStreams.Jpeg2000(Jpeg2000Comment(Encoding.ASCII.GetBytes("Muller^Jurgen PID-4711 19650412"))));
        var ds = Image(4, 4);
        ds.AddOrUpdate(new DicomFragmentSequence(DicomTag.PixelData, DicomVR.OB, new DicomElement(DicomTag.ItemTag, DicomVR.OB, Array.Empty<byte>()), [new DicomElement(DicomTag.ItemTag, DicomVR.OB, stream)]));

        var (output, _) = await AnonymizeFromFileAsync(ds, policy, DicomTransferSyntax.FromUid(Jpeg2000));

        Leaks(output).Should().BeEmpty();
        var written = FragmentsOf(await ReadAsync(output)).Fragments.Single().GetBytes().ToArray();
        written.Length.Should().Be(stream.Length);
        written.AsSpan(written.Length - 2 - ScanData.Length - 2).ToArray().Should().Equal(stream.AsSpan(stream.Length - 2 - ScanData.Length - 2).ToArray());
    }

    [Theory]
    [InlineData(AnonymizationPolicy.Basic)]
    [InlineData(AnonymizationPolicy.Strict)]
    public async Task Anonymize_Jpeg2000TilePartComment_BlankedInPlace(AnonymizationPolicy policy)
    {
        // A COM in a tile-part header (T.800 A.4), not the main header: the walk must go past the first SOT.
        var stream = Even(Jpeg2000TilePart(Jpeg2000Comment(Encoding.ASCII.GetBytes("Muller^Jurgen PID-4711 19650412"))));
        var ds = Image(4, 4);
        ds.AddOrUpdate(new DicomFragmentSequence(DicomTag.PixelData, DicomVR.OB, new DicomElement(DicomTag.ItemTag, DicomVR.OB, Array.Empty<byte>()), [new DicomElement(DicomTag.ItemTag, DicomVR.OB, stream)]));

        var (output, result) = await AnonymizeFromFileAsync(ds, policy, DicomTransferSyntax.FromUid(Jpeg2000));

        Leaks(output).Should().BeEmpty();
        var written = FragmentsOf(await ReadAsync(output)).Fragments.Single().GetBytes().ToArray();
        written.Length.Should().Be(stream.Length, "the comment is blanked in place, so the tile-part length (Psot) still holds");
        written.AsSpan(written.Length - 2 - ScanData.Length - 2).ToArray().Should().Equal(stream.AsSpan(stream.Length - 2 - ScanData.Length - 2).ToArray());
        result.PayloadActions.Should().Contain(a => a.Reason == "JPEG 2000 comment segments blanked");
    }

    [Theory]
    [InlineData("JPEG", JpegBaseline)]
    [InlineData("JPEG-LS", JpegLs)]
    [InlineData("JPEG 2000", Jpeg2000)]
    public async Task Anonymize_BytesAfterEndOfImageInTheSameFragment_Cut(string codec, string uid)
    {
        var stream = codec switch
        {
            "JPEG" => CompressedStreams.Jpeg(Jfif()),
            "JPEG-LS" => CompressedStreams.JpegLs(),
            _ => CompressedStreams.Jpeg2000(),
        };
        byte[] fragment = Even([.. stream, .. Encoding.ASCII.GetBytes("Muller^Jurgen PID-4711")]);
        var ds = Image(4, 4);
        ds.AddOrUpdate(new DicomFragmentSequence(DicomTag.PixelData, DicomVR.OB, new DicomElement(DicomTag.ItemTag, DicomVR.OB, Array.Empty<byte>()), [new DicomElement(DicomTag.ItemTag, DicomVR.OB, fragment)]));

        var (output, result) = await AnonymizeFromFileAsync(ds, AnonymizationPolicy.Basic, DicomTransferSyntax.FromUid(uid));

        Leaks(output).Should().BeEmpty();
        FragmentsOf(await ReadAsync(output)).Fragments.Single().GetBytes().ToArray().Should().Equal(Even(stream), "the stream ends at its EOI/EOC (and the pad byte)");
        result.PayloadActions.Should().Contain(a => a.Reason == "bytes after the end of image (EOI/EOC) cut");
    }

    [Fact]
    public async Task Anonymize_StreamEndingAtItsEndOfImage_LeftAsItIs()
    {
        // The control: a clean stream, pad byte included, is not rewritten.
        var stream = Even(CompressedStreams.Jpeg(Jfif()));
        var ds = Image(4, 4);
        ds.AddOrUpdate(new DicomFragmentSequence(DicomTag.PixelData, DicomVR.OB, new DicomElement(DicomTag.ItemTag, DicomVR.OB, Array.Empty<byte>()), [new DicomElement(DicomTag.ItemTag, DicomVR.OB, stream)]));

        var (output, result) = await AnonymizeFromFileAsync(ds, AnonymizationPolicy.Basic, DicomTransferSyntax.FromUid(JpegBaseline));

        FragmentsOf(await ReadAsync(output)).Fragments.Single().GetBytes().ToArray().Should().Equal(stream);
        result.PayloadActions.Should().BeEmpty();
    }

    [Fact]
    public async Task Anonymize_JpegIccProfileInApp2_KeptWithItsTextsRewritten()
    {
        var profile = IccProfileTests.Profile(IccProfileTests.DescElement("Muller^Jurgen"));
        var app2 = App(2, "ICC_PROFILE\0", [1, 1, .. profile]);
        var stream = Even(Jpeg(Jfif(), app2));
        var ds = Image(4, 4);
        ds.AddOrUpdate(new DicomFragmentSequence(DicomTag.PixelData, DicomVR.OB, new DicomElement(DicomTag.ItemTag, DicomVR.OB, Array.Empty<byte>()), [new DicomElement(DicomTag.ItemTag, DicomVR.OB, stream)]));

        var (output, _) = await AnonymizeFromFileAsync(ds, AnonymizationPolicy.Basic, DicomTransferSyntax.FromUid(JpegBaseline));

        Leaks(output).Should().BeEmpty();
        var written = FragmentsOf(await ReadAsync(output)).Fragments.Single().GetBytes().ToArray();
        written.Length.Should().Be(stream.Length);
        written.AsSpan().IndexOf("ICC_PROFILE\0"u8).Should().BePositive();
        written.AsSpan().IndexOf("acsp"u8).Should().BePositive();
    }

    [Fact]
    public async Task Anonymize_StreamThatIsNotJpeg_LeftAsItIsAndReported()
    {
        byte[] stream = [0x00, 0x00, 0x00, 0x0C, .. "jP  "u8, 0x0D, 0x0A, 0x87, 0x0A, 0xFF, 0xD9];
        var ds = Image(4, 4);
        ds.AddOrUpdate(new DicomFragmentSequence(DicomTag.PixelData, DicomVR.OB, new DicomElement(DicomTag.ItemTag, DicomVR.OB, Array.Empty<byte>()), [new DicomElement(DicomTag.ItemTag, DicomVR.OB, stream)]));

        var (output, result) = await AnonymizeFromFileAsync(ds, AnonymizationPolicy.Basic, DicomTransferSyntax.FromUid(JpegBaseline));

        FragmentsOf(await ReadAsync(output)).Fragments.Single().GetBytes().ToArray().Should().Equal(stream);
        result.PayloadActions.Should().ContainSingle(a => a.Reason == "JPEG header not walkable: frame kept as it is");
    }

    [Fact]
    public async Task Anonymize_OffsetTableCountDiffersFromFrames_RulesDecideAndHeaderStillCleaned()
    {
        // Two frames declared, a basic offset table of one entry: the table is not trusted, the SOI rule finds both frames.
        var frame0 = Even(Jpeg(Jfif(), Comment(Encoding.ASCII.GetBytes("PID-4711"))));
        var frame1 = Even(Jpeg());
        var ds = Image(4, 4, frames: 2);
        ds.AddOrUpdate(new DicomFragmentSequence(
            DicomTag.PixelData,
            DicomVR.OB,
            new DicomElement(DicomTag.ItemTag, DicomVR.OB, new byte[4]),
            [new DicomElement(DicomTag.ItemTag, DicomVR.OB, frame0), new DicomElement(DicomTag.ItemTag, DicomVR.OB, frame1)]));

        var (output, _) = await AnonymizeFromFileAsync(ds, AnonymizationPolicy.Basic, DicomTransferSyntax.FromUid(JpegBaseline));

        Leaks(output).Should().BeEmpty();
        FragmentsOf(await ReadAsync(output)).Fragments.Should().HaveCount(2);
    }
}
