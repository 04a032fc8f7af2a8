using DicomPipeline.Anonymization;
using DicomPipeline.Dicom;
using static DicomPipeline.Tests.Anonymization.Payloads.CompressedStreams;
using static DicomPipeline.Tests.Anonymization.Payloads.PayloadTestData;

namespace DicomPipeline.Tests.Anonymization.Payloads;

public sealed class EncapsulatedPixelDataTests
{
    private const string JpegBaseline = "1.2.840.10008.1.2.4.50";
    private const string Rle = "1.2.840.10008.1.2.5";
    private const string Jpeg2000 = "1.2.840.10008.1.2.4.91";

    public static TheoryData<string, AnonymizationPolicy> Cases()
    {
        var data = new TheoryData<string, AnonymizationPolicy>();
        foreach (var policy in Policies)
        {
            foreach (var name in (string[])["one frame, junk item after", "two frames with BOT, junk after", "two frames no BOT, junk after",
                "two frames with BOT, junk between", "RLE two frames, junk after", "JPEG 2000, junk after", "extended offset table, junk after"])
            {
                data.Add(name, policy);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Anonymize_FragmentsOutsideTheFrames_Dropped(string name, AnonymizationPolicy policy)
    {
        var frame0 = Even(Jpeg(Jfif()));
        var frame1 = Even(Jpeg());
        var rle0 = Even(Pixels(30));
        var rle1 = Even(Pixels(20));
        var j2k = Even(CompressedStreams.Jpeg2000());
        var junk = Even(Plant(name.Length));
        var (uid, frames, fragments, bot, extended) = name switch
        {
            "one frame, junk item after" => (JpegBaseline, new[] { frame0 }, new[] { frame0, junk }, false, false),
            "two frames with BOT, junk after" => (JpegBaseline, [frame0, frame1], [frame0, frame1, junk], true, false),
            "two frames no BOT, junk after" => (JpegBaseline, [frame0, frame1], [frame0, frame1, junk], false, false),
            "two frames with BOT, junk between" => (JpegBaseline, [frame0, frame1], [frame0, junk, frame1], true, false),
            "RLE two frames, junk after" => (Rle, [rle0, rle1], [rle0, rle1, junk], false, false),
            "JPEG 2000, junk after" => (Jpeg2000, [j2k], [j2k, junk], false, false),
            _ => (JpegBaseline, [frame0, frame1], [frame0, frame1, junk], false, true),
        };
        var ds = Image(4, 4, frames: frames.Length);
        var starts = FrameStarts(fragments, frames);
        ds.AddOrUpdate(new DicomFragmentSequence(
            DicomTag.PixelData,
            DicomVR.OB,
            new DicomElement(DicomTag.ItemTag, DicomVR.OB, bot ? starts.SelectMany(s => BitConverter.GetBytes((uint)s)).ToArray() : []),
            fragments.Select(f => new DicomElement(DicomTag.ItemTag, DicomVR.OB, f))));
        if (extended)
        {
            ds.AddOrUpdate(new DicomElement(DicomTag.ExtendedOffsetTable, DicomVR.OV, starts.SelectMany(s => BitConverter.GetBytes((ulong)s)).ToArray()));
            ds.AddOrUpdate(new DicomElement(DicomTag.ExtendedOffsetTableLengths, DicomVR.OV, frames.SelectMany(f => BitConverter.GetBytes((ulong)f.Length)).ToArray()));
        }

        var (output, result) = await AnonymizeFromFileAsync(ds, policy, DicomTransferSyntax.FromUid(uid));

        Leaks(output).Should().BeEmpty();
        var written = FragmentsOf(await ReadAsync(output));
        written.Fragments.Select(f => f.GetBytes().ToArray()).Should().BeEquivalentTo(frames, o => o.WithStrictOrdering());
        if (bot)
        {
            written.OffsetTable.GetBytes().ToArray().Should().Equal(FrameStarts(frames, frames).SelectMany(s => BitConverter.GetBytes((uint)s)));
        }
        else
        {
            written.OffsetTable.Length.Should().Be(0);
        }

        if (extended)
        {
            var table = (await ReadAsync(output)).TryGetElement(DicomTag.ExtendedOffsetTable, out var e) ? e.GetBytes().ToArray() : [];
            table.Should().Equal(FrameStarts(frames, frames).SelectMany(s => BitConverter.GetBytes((ulong)s)));
        }

        result.PayloadActions.Should().Contain(a => a.Reason == "fragments outside the frames dropped");
    }

    [Fact]
    public async Task Anonymize_VideoSyntax_FragmentsLeftAsTheyAre()
    {
        var ds = Image(4, 4, frames: 3);
        var stream = Even(Pixels(50));
        ds.AddOrUpdate(new DicomFragmentSequence(DicomTag.PixelData, DicomVR.OB, new DicomElement(DicomTag.ItemTag, DicomVR.OB, Array.Empty<byte>()), [new DicomElement(DicomTag.ItemTag, DicomVR.OB, stream)]));

        var (output, result) = await AnonymizeFromFileAsync(ds, AnonymizationPolicy.Basic, DicomTransferSyntax.FromUid("1.2.840.10008.1.2.4.102"));

        FragmentsOf(await ReadAsync(output)).Fragments.Single().GetBytes().ToArray().Should().Equal(stream);
        result.PayloadActions.Should().BeEmpty();
    }

    internal static DicomFragmentSequence FragmentsOf(DicomDataset dataset) =>
        dataset.TryGet(DicomTag.PixelData, out var pixels) && pixels is DicomFragmentSequence fragments
            ? fragments
            : throw new InvalidOperationException("no encapsulated pixel data");

    internal static byte[] Even(byte[] bytes) => bytes.Length % 2 == 0 ? bytes : [.. bytes, 0];

    /// <summary>The offset of each frame's first fragment among <paramref name="fragments"/>, counted by hand (PS3.5 A.4).</summary>
    private static List<long> FrameStarts(byte[][] fragments, byte[][] frames)
    {
        var starts = new List<long>();
        long at = 0;
        var next = 0;
        foreach (var fragment in fragments)
        {
            if (next < frames.Length && ReferenceEquals(fragment, frames[next]))
            {
                starts.Add(at);
                next++;
            }

            at += 8 + fragment.Length;
        }

        return starts;
    }
}
