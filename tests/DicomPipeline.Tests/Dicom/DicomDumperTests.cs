using System.Globalization;
using DicomPipeline.Dicom;

namespace DicomPipeline.Tests.Dicom;

public class DicomDumperTests
{
    [Fact]
    public async Task Dump_ReadFile_ListsFileMetaThenDataset()
    {
        var file = await TestData.FromBytesAsync(await TestData.ToBytesAsync(new DicomFile(TestData.CreateImage())));

        var lines = Lines(DicomDumper.Dump(file));

        lines[0].Should().Be("# File meta information");
        lines.Should().Contain("(0002,0001) OB 00\\01 # 2, FileMetaInformationVersion");
        lines.Should().Contain("(0002,0010) UI [1.2.840.10008.1.2.1] # 20, TransferSyntaxUID");
        var dataset = lines.IndexOf("# Dataset (Explicit VR Little Endian)");
        dataset.Should().BePositive();
        lines[dataset - 1].Should().BeEmpty();
        lines.Take(dataset).Where(l => l.StartsWith('(')).Should().OnlyContain(l => l.StartsWith("(0002,", StringComparison.Ordinal));
        lines[dataset + 1].Should().Be("(0008,0005) CS [ISO_IR 100] # 10, SpecificCharacterSet");
    }

    [Fact]
    public void Dump_Values_ShowTextInBracketsAndNumbersWithBackslashes()
    {
        var lines = Lines(DicomDumper.Dump(new DicomFile(TestData.CreateImage())));

        lines.Should().ContainInOrder(
            "(0008,0008) CS [ORIGINAL\\PRIMARY\\AXIAL] # 22, ImageType",
            "(0010,0010) PN [Müller^Jürgen] # 14, PatientName",
            "(0018,0050) DS [1.25] # 4, SliceThickness",
            "(0018,9306) FD 0.5\\1.5 # 16, SingleCollimationWidth",
            "(0020,0013) IS [7] # 2, InstanceNumber",
            "(0020,9165) AT (0010,0010) # 4, DimensionIndexPointer",
            "(0028,0010) US 4 # 2, Rows",
            "(0028,0106) SS -2000 # 2, SmallestImagePixelValue",
            "(0028,1052) DS [-1024] # 6, RescaleIntercept",
            "(7FE0,0010) OW (32 bytes) # 32, PixelData");
    }

    [Fact]
    public void Dump_Sequences_IndentItemsAndTheirAttributes()
    {
        var lines = Lines(DicomDumper.Dump(new DicomFile(TestData.CreateImage())));

        var start = lines.IndexOf("(0008,1140) SQ (Sequence with 2 items) # -, ReferencedImageSequence");
        start.Should().BePositive();
        lines.Skip(start + 1).Take(8).Should().Equal(
            "  (Item #1)",
            "    (0008,1150) UI [1.2.840.10008.5.1.4.1.1.2] # 26, ReferencedSOPClassUID",
            "    (0008,1155) UI [1.2.3.4.5.6.8] # 14, ReferencedSOPInstanceUID",
            "    (0008,2218) SQ (Sequence with 1 item) # -, AnatomicRegionSequence",
            "      (Item #1)",
            "        (0008,0100) SH [T-D0050] # 8, CodeValue",
            "        (0008,0104) LO [Chest] # 6, CodeMeaning",
            "  (Item #2)");
    }

    [Fact]
    public void Dump_PrivateAndUnknownTags_AreNamedSo()
    {
        DicomDictionary.TryGetEntry(new DicomTag(0x00080002), out _).Should().BeFalse("the test needs a public tag the dictionary lacks");
        var dataset = TestData.CreateImage();
        dataset.SetString(new DicomTag(0x00080002), "X", DicomVR.CS);

        var lines = Lines(DicomDumper.Dump(new DicomFile(dataset)));

        lines.Should().Contain("(0008,0002) CS [X] # 2, Unknown");
        lines.Should().Contain("(0009,0010) LO [ACME 1.0] # 8, PrivateCreator");
        lines.Should().Contain("(0009,1001) LO [private text] # 12, Private");
        lines.Should().Contain("(0009,1002) UN 01\\02\\03\\00 # 4, Private");
    }

    [Fact]
    public void Dump_LongTextEmptyValuesAndSmallWords_AreShownReadably()
    {
        var dataset = new DicomDataset();
        dataset.SetString(DicomTag.ReferringPhysicianName, string.Empty);
        dataset.SetString(DicomTag.ImageComments, new string('a', 60) + "bcdefghij" + "\r\nsecond line");
        dataset.SetString(DicomTag.StudyDescription, "one\r\ntwo");
        dataset.SetNumbers(new DicomTag(0x00281101), DicomVR.US, Enumerable.Range(0, 100).Select(i => (ushort)i).ToArray());
        dataset.SetBytes(new DicomTag(0x00283006), DicomVR.OW, new byte[] { 0x34, 0x12, 0x78, 0x56 });

        var lines = Lines(DumpDataset(dataset));

        lines.Should().Contain("(0008,0090) PN (no value available) # 0, ReferringPhysicianName");
        lines.Should().Contain("(0008,1030) LO [one..two] # 8, StudyDescription");
        lines.Should().Contain($"(0020,4000) LT [{new string('a', 60)}bcde...] # 82, ImageComments");
        var words = lines.Single(l => l.StartsWith("(0028,1101)", StringComparison.Ordinal));
        words.Should().StartWith("(0028,1101) US 0\\1\\2\\3\\").And.EndWith("... # 200, RedPaletteColorLookupTableDescriptor");
        words.Split('[', ']').Should().HaveCount(1, "numbers are not bracketed");
        lines.Should().Contain("(0028,3006) OW 1234\\5678 # 4, LUTData");
    }

    [Fact]
    public void Dump_EncapsulatedPixelData_ListsTheFragmentsWithTheirLengths()
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(new DicomFragmentSequence(
            DicomTag.PixelData,
            DicomVR.OB,
            new DicomElement(DicomTag.ItemTag, DicomVR.OB, new byte[8]),
            [new DicomElement(DicomTag.ItemTag, DicomVR.OB, new byte[1234]), new DicomElement(DicomTag.ItemTag, DicomVR.OB, new byte[10])]));

        var lines = Lines(DicomDumper.Dump(new DicomFile(dataset, DicomTransferSyntax.JpegBaseline)));

        lines.Should().ContainInOrder(
            "# Dataset (JPEG Baseline (Process 1))",
            "(7FE0,0010) OB (Encapsulated pixel data with 2 fragments) # u/l, PixelData",
            "  (Basic offset table, 8 bytes)",
            "  (Fragment #1, 1234 bytes)",
            "  (Fragment #2, 10 bytes)");
    }

    [Fact]
    public async Task Dump_ValuesInTheSourceFile_AreNotRead()
    {
        var dir = Directory.CreateTempSubdirectory("dump-");
        try
        {
            var path = Path.Combine(dir.FullName, "image.dcm");
            await new DicomFile(TestData.CreateImage(rows: 64, columns: 64)).SaveAsync(path);
            var file = await DicomFile.OpenAsync(path, new DicomReadOptions { LargeValueThreshold = 1024 });
            ((DicomElement)file.Dataset[DicomTag.PixelData]).IsInSourceFile.Should().BeTrue();
            File.Delete(path); // any attempt to read the pixel data would now fail

            var lines = Lines(DicomDumper.Dump(file));

            lines.Should().Contain("(7FE0,0010) OW (8192 bytes) # 8192, PixelData");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Write_Options_LeaveOutTheMetaAndSetTheValueLength()
    {
        var file = new DicomFile(TestData.CreateImage());
        file.FileMetaInformation.SetString(new DicomTag(0x00020010), DicomTransferSyntax.ExplicitVRLittleEndian.Uid, DicomVR.UI);
        using var writer = new StringWriter(CultureInfo.InvariantCulture);

        DicomDumper.Write(writer, file, new DicomDumpOptions { IncludeFileMetaInformation = false, MaxValueLength = 8 });

        var lines = Lines(writer.ToString());
        lines[0].Should().Be("# Dataset (Explicit VR Little Endian)");
        lines.Should().NotContain(l => l.StartsWith("(0002,", StringComparison.Ordinal));
        lines.Should().Contain("(0008,0008) CS [ORIGINAL...] # 22, ImageType");
    }

    [Fact]
    public void Write_BadArguments_Throw()
    {
        var file = new DicomFile(new DicomDataset());
        using var writer = new StringWriter(CultureInfo.InvariantCulture);

        FluentActions.Invoking(() => DicomDumper.Write(null!, file)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => DicomDumper.Write(writer, (DicomFile)null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => DicomDumper.Write(writer, (DicomDataset)null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => DicomDumper.Dump(null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => DicomDumper.Write(writer, file, new DicomDumpOptions { MaxValueLength = 0 }))
            .Should().Throw<ArgumentOutOfRangeException>();
    }

    private static string DumpDataset(DicomDataset dataset)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        DicomDumper.Write(writer, dataset);
        return writer.ToString();
    }

    private static List<string> Lines(string text) =>
        [.. text.Split(Environment.NewLine).SkipLast(1)];
}
