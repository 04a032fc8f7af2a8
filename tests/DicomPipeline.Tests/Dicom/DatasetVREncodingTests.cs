using DicomPipeline.Dicom;

namespace DicomPipeline.Tests.Dicom;

/// <summary>
/// A dataset whose VR encoding contradicts its file meta (a common writer bug that pydicom and DCMTK read through), read
/// through <see cref="DicomFile"/>.
/// </summary>
public class DatasetVREncodingTests
{
    private const string ExplicitLE = "1.2.840.10008.1.2.1";
    private const string ImplicitLE = "1.2.840.10008.1.2";
    private static readonly DicomTag PrivateCreator = new(0x00090010);
    private static readonly DicomTag PrivateValue = new(0x00091001);

    /// <summary>
    /// The tester's X03b: a file meta that says Explicit VR Little Endian over an implicit VR dataset was refused as
    /// "unknown VR bytes 0x1000 for (0008,0008)". It is read with the dictionary's VRs (UN for a private value), keeps the
    /// declared syntax, and is written as proper explicit VR.
    /// </summary>
    [Fact]
    public async Task Read_ExplicitMetaOverImplicitDataset_ReadsImplicitAndWritesExplicit()
    {
        var bytes = RawDicom.Part10(ExplicitLE).Bytes(ImplicitBody()).ToArray();

        var file = await TestData.FromBytesAsync(bytes);

        file.TransferSyntax.Should().Be(DicomTransferSyntax.ExplicitVRLittleEndian);
        CheckBody(file.Dataset, privateVR: DicomVR.UN);

        var written = await TestData.ToBytesAsync(file);
        var again = await TestData.FromBytesAsync(written);
        again.TransferSyntax.Should().Be(DicomTransferSyntax.ExplicitVRLittleEndian);
        CheckBody(again.Dataset, privateVR: DicomVR.UN);
        var body = written.AsSpan(132 + 12 + (int)BitConverter.ToUInt32(written, 140));
        body[..8].ToArray().Should().Equal(new RawDicom().Explicit(0x0008, 0x0008, "CS", RawDicom.Text(@"ORIGINAL\PRIMARY")).ToArray()[..8]);
        body.IndexOf(new RawDicom().Tag(0x0010, 0x0010).Bytes("PN"u8.ToArray()).ToArray()).Should().BePositive("the name is written with its VR");
    }

    /// <summary>The same file read by path, where large values stay in the file: the pixel data is found at the right offset.</summary>
    [Fact]
    public async Task Open_ExplicitMetaOverImplicitDataset_KeepsPixelDataInTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"dp-vr-{Guid.NewGuid():N}.dcm");
        await File.WriteAllBytesAsync(path, RawDicom.Part10(ExplicitLE).Bytes(ImplicitBody()).ToArray());
        try
        {
            var file = await DicomFile.OpenAsync(path, new DicomReadOptions { LargeValueThreshold = 8 });

            file.Dataset.TryGetElement(DicomTag.PixelData, out var pixels).Should().BeTrue();
            pixels!.IsInSourceFile.Should().BeTrue();
            pixels.GetBytes().ToArray().Should().Equal(Pixels);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The opposite bug: a file meta that says Implicit VR Little Endian over an explicit VR dataset.</summary>
    [Fact]
    public async Task Read_ImplicitMetaOverExplicitDataset_ReadsTheVRsOfTheFile()
    {
        var body = new RawDicom()
            .Explicit(0x0008, 0x0008, "CS", RawDicom.Text(@"ORIGINAL\PRIMARY"))
            .Explicit(0x0008, 0x0016, "UI", RawDicom.Uid("1.2.840.10008.5.1.4.1.1.7"))
            .Explicit(0x0009, 0x0010, "LO", RawDicom.Text("ACME 1.0"))
            .Explicit(0x0009, 0x1001, "SH", RawDicom.Text("vendor"))
            .Explicit(0x0010, 0x0010, "PN", RawDicom.Text("Doe^Jane"))
            .Explicit(0x0010, 0x0020, "LO", RawDicom.Text("PID-7"))
            .Explicit(0x0028, 0x0010, "US", [2, 0])
            .Explicit(0x7FE0, 0x0010, "OW", Pixels);
        var bytes = RawDicom.Part10(ImplicitLE).Bytes(body.ToArray()).ToArray();

        var file = await TestData.FromBytesAsync(bytes);

        file.TransferSyntax.Should().Be(DicomTransferSyntax.ImplicitVRLittleEndian);
        CheckBody(file.Dataset, privateVR: DicomVR.SH);
    }

    /// <summary>
    /// Only the start of the dataset is looked at, and only bytes that read as an implicit header of a dataset tag switch
    /// the encoding: a damaged file stays refused, with its one-line message and offset.
    /// </summary>
    [Theory]
    [InlineData("later element", 0x0010, 0x0010)]
    [InlineData("command group", 0x0000, 0x4547)]
    [InlineData("no dictionary tag", 0x0010, 0x4547)]
    [InlineData("length past the end", 0x0008, 0x0008)]
    public async Task Read_ExplicitMetaOverBytesThatAreNoImplicitHeader_StillThrowsFormatException(string what, ushort group, ushort element)
    {
        var body = new RawDicom();
        if (what == "later element")
        {
            body.Explicit(0x0008, 0x0008, "CS", RawDicom.Text(@"ORIGINAL\PRIMARY"));
        }

        var garbageAt = (int)body.Length;
        body.Tag(group, element).U32(what == "length past the end" ? 4000u : 4u).Bytes("ABCD"u8.ToArray());
        var raw = RawDicom.Part10(ExplicitLE);
        var datasetStart = raw.Length;
        var bytes = raw.Bytes(body.ToArray()).ToArray();

        var read = async () => await TestData.FromBytesAsync(bytes);

        var thrown = (await read.Should().ThrowAsync<DicomFormatException>()).Which;
        thrown.Reason.Should().Contain("unknown VR", what);
        thrown.Offset.Should().Be(datasetStart + garbageAt + 4, what);
        thrown.Message.Should().NotContain("\n");
    }

    private static byte[] Pixels => [1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8, 0];

    private static byte[] ImplicitBody() => new RawDicom()
        .Implicit(0x0008, 0x0008, RawDicom.Text(@"ORIGINAL\PRIMARY"))
        .Implicit(0x0008, 0x0016, RawDicom.Uid("1.2.840.10008.5.1.4.1.1.7"))
        .Implicit(0x0009, 0x0010, RawDicom.Text("ACME 1.0"))
        .Implicit(0x0009, 0x1001, RawDicom.Text("vendor"))
        .Implicit(0x0010, 0x0010, RawDicom.Text("Doe^Jane"))
        .Implicit(0x0010, 0x0020, RawDicom.Text("PID-7"))
        .Implicit(0x0028, 0x0010, [2, 0])
        .Implicit(0x7FE0, 0x0010, Pixels)
        .ToArray();

    private static void CheckBody(DicomDataset dataset, DicomVR privateVR)
    {
        dataset.Select(a => $"{a.Tag} {a.VR}").Should().Equal(
            "(0008,0008) CS", "(0008,0016) UI", "(0009,0010) LO", $"(0009,1001) {privateVR}", "(0010,0010) PN", "(0010,0020) LO", "(0028,0010) US", "(7FE0,0010) OW");
        dataset.GetString(DicomTag.PatientName).Should().Be("Doe^Jane");
        dataset.GetString(DicomTag.PatientID).Should().Be("PID-7");
        dataset.GetString(DicomTag.SOPClassUID).Should().Be("1.2.840.10008.5.1.4.1.1.7");
        dataset.GetString(PrivateCreator).Should().Be("ACME 1.0");
        dataset.TryGetElement(PrivateValue, out var vendor).Should().BeTrue();
        vendor!.GetBytes().ToArray().Should().Equal(RawDicom.Text("vendor"));
        dataset.TryGetElement(DicomTag.PixelData, out var pixels).Should().BeTrue();
        pixels!.GetBytes().ToArray().Should().Equal(Pixels);
    }
}
