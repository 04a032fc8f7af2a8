using System.Buffers.Binary;
using DicomPipeline.Dicom;

namespace DicomPipeline.Tests.Dicom;

public class DicomWriterTests
{
    public static TheoryData<string> UncompressedSyntaxes => TestData.UncompressedSyntaxUids;

    [Theory]
    [MemberData(nameof(UncompressedSyntaxes))]
    public async Task WriteThenRead_EachUncompressedSyntax_GivesTheSameDataset(string uid)
    {
        var syntax = DicomTransferSyntax.FromUid(uid);
        var original = new DicomFile(TestData.CreateImage(), syntax);

        var bytes = await TestData.ToBytesAsync(original);
        var read = await TestData.FromBytesAsync(bytes);

        read.TransferSyntax.Should().Be(syntax);
        var expected = TestData.Describe(original.Dataset);
        if (!syntax.IsExplicitVR)
        {
            // Implicit VR carries no VR: the private UN element comes back as UN, everything else by the dictionary.
            expected = expected.Select(line => line.Replace("(0009,1001) LO", "(0009,1001) UN", StringComparison.Ordinal)).ToList();
        }

        TestData.Describe(read.Dataset).Should().Equal(expected);
        read.Dataset.GetString(DicomTag.PatientName).Should().Be("Müller^Jürgen");
    }

    [Fact]
    public async Task Write_FileMeta_UsesOurIdentityAndTheDatasetsSopInstanceUid()
    {
        var file = new DicomFile(TestData.CreateImage());
        file.FileMetaInformation.SetString(new DicomTag(0x00020003), "9.9.9", DicomVR.UI);
        file.FileMetaInformation.SetString(new DicomTag(0x00020012), "1.2.3.4.5", DicomVR.UI);

        var read = await TestData.FromBytesAsync(await TestData.ToBytesAsync(file));

        read.FileMetaInformation.GetString(new DicomTag(0x00020003)).Should().Be("1.2.3.4.5.6.7");
        read.FileMetaInformation.GetString(new DicomTag(0x00020002)).Should().Be("1.2.840.10008.5.1.4.1.1.2");
        read.FileMetaInformation.GetString(new DicomTag(0x00020012)).Should().Be(DicomImplementation.ClassUid);
        read.FileMetaInformation.GetString(new DicomTag(0x00020013)).Should().Be(DicomImplementation.VersionName);
        read.FileMetaInformation.GetString(new DicomTag(0x00020010)).Should().Be(DicomTransferSyntax.ExplicitVRLittleEndian.Uid);
    }

    [Fact]
    public async Task Write_Preamble_Is128ZerosThenDICM()
    {
        var bytes = await TestData.ToBytesAsync(new DicomFile(TestData.CreateImage()));

        bytes[..128].Should().OnlyContain(b => b == 0);
        bytes[128..132].Should().Equal("DICM"u8.ToArray());
    }

    [Fact]
    public async Task Write_MetaGroupLength_CountsExactlyTheMetaElements()
    {
        var bytes = await TestData.ToBytesAsync(new DicomFile(TestData.CreateImage()));

        // (0002,0000) UL 4 at offset 132; the value is the number of bytes from offset 144 to the first non-0002 element.
        var groupLength = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(140));
        var next = 144 + (int)groupLength;
        BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(next)).Should().Be(0x0008);
        BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(next - 24)).Should().Be(0x0002);
    }

    [Fact]
    public async Task Write_OddLengthValues_ArePaddedPerVR()
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(new DicomElement(DicomTag.SOPInstanceUID, DicomVR.UI, "1.2.3"u8.ToArray()));
        dataset.AddOrUpdate(new DicomElement(DicomTag.PatientID, DicomVR.LO, "ABC"u8.ToArray()));

        var bytes = await TestData.ToBytesAsync(new DicomFile(dataset));
        var read = await TestData.FromBytesAsync(bytes);

        ((DicomElement)read.Dataset[DicomTag.SOPInstanceUID]).GetBytes().ToArray().Should().Equal("1.2.3\0"u8.ToArray());
        ((DicomElement)read.Dataset[DicomTag.PatientID]).GetBytes().ToArray().Should().Equal("ABC "u8.ToArray());
    }

    [Fact]
    public async Task Write_GroupLengthElements_AreRecomputed()
    {
        var dataset = new DicomDataset();
        dataset.SetNumbers(new DicomTag(0x00080000), DicomVR.UL, 12345u);
        dataset.SetString(DicomTag.Modality, "CT");
        dataset.SetString(DicomTag.SOPInstanceUID, "1.2");

        var read = await TestData.FromBytesAsync(await TestData.ToBytesAsync(new DicomFile(dataset)));

        // Explicit VR LE: (0008,0018) UI "1.2\0" = 8 + 4, (0008,0060) CS "CT" = 8 + 2.
        read.Dataset.GetNumberOrDefault(new DicomTag(0x00080000), 0u).Should().Be(22u);
    }

    [Fact]
    public async Task SaveAsync_LargeValueFromSourceFile_IsCopiedAndSwappedForBigEndian()
    {
        var pixels = new byte[300_000];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)(i % 251);
        }

        var dataset = TestData.CreateImage();
        dataset.SetBytes(DicomTag.PixelData, DicomVR.OW, pixels);
        var dir = Directory.CreateTempSubdirectory("writer-");
        try
        {
            var first = Path.Combine(dir.FullName, "a.dcm");
            var second = Path.Combine(dir.FullName, "b.dcm");
            var third = Path.Combine(dir.FullName, "c.dcm");
            await new DicomFile(dataset).SaveAsync(first);
            var fromDisk = await DicomFile.OpenAsync(first);
            ((DicomElement)fromDisk.Dataset[DicomTag.PixelData]).IsInSourceFile.Should().BeTrue();

            await fromDisk.SaveAsync(second, new DicomWriteOptions { TransferSyntax = DicomTransferSyntax.ExplicitVRBigEndian });
            var bigEndian = await DicomFile.OpenAsync(second);
            await bigEndian.SaveAsync(third, new DicomWriteOptions { TransferSyntax = DicomTransferSyntax.ExplicitVRLittleEndian });
            var back = await DicomFile.OpenAsync(third);

            ((DicomElement)bigEndian.Dataset[DicomTag.PixelData]).GetBytes().ToArray().Should().Equal(pixels);
            ((DicomElement)back.Dataset[DicomTag.PixelData]).GetBytes().ToArray().Should().Equal(pixels);
            var rawBigEndian = await File.ReadAllBytesAsync(second);
            rawBigEndian.AsSpan(rawBigEndian.Length - pixels.Length, 4).ToArray().Should().Equal(pixels[1], pixels[0], pixels[3], pixels[2]);
            Directory.GetFiles(dir.FullName).Should().HaveCount(3, "no temporary file is left behind");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task SaveAsync_SameByteOrder_CopiesTheSourceRegionExactlyAfterTheHeader()
    {
        var pixels = new byte[700_001];
        new Random(7).NextBytes(pixels);
        var dataset = TestData.CreateImage();
        dataset.SetBytes(DicomTag.PixelData, DicomVR.OB, pixels);
        var dir = Directory.CreateTempSubdirectory("writer-");
        try
        {
            var first = Path.Combine(dir.FullName, "a.dcm");
            var second = Path.Combine(dir.FullName, "b.dcm");
            await new DicomFile(dataset).SaveAsync(first);
            var fromDisk = await DicomFile.OpenAsync(first);
            fromDisk.Dataset.SetString(DicomTag.PatientID, "CHANGED-ID-LONGER-THAN-BEFORE");

            // Same byte order: the pixel data is copied from the source file (in the kernel, on Linux) after a changed header.
            await fromDisk.SaveAsync(second);
            var copy = await DicomFile.OpenAsync(second);

            copy.Dataset.GetString(DicomTag.PatientID).Should().Be("CHANGED-ID-LONGER-THAN-BEFORE");
            ((DicomElement)copy.Dataset[DicomTag.PixelData]).GetBytes().ToArray().Should().Equal([.. pixels, 0]);
            var bytes = await File.ReadAllBytesAsync(second);
            bytes.Length.Should().Be((int)new FileInfo(second).Length);
            bytes.AsSpan(bytes.Length - pixels.Length - 1, pixels.Length).SequenceEqual(pixels).Should().BeTrue();
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Write_EncapsulatedPixelDataInAnotherSyntax_IsRefused()
    {
        var dataset = TestData.CreateImage();
        dataset.AddOrUpdate(new DicomFragmentSequence(
            DicomTag.PixelData,
            DicomVR.OB,
            new DicomElement(DicomTag.ItemTag, DicomVR.OB, Array.Empty<byte>()),
            [new DicomElement(DicomTag.ItemTag, DicomVR.OB, new byte[] { 1, 2 })]));
        var file = new DicomFile(dataset, DicomTransferSyntax.JpegBaseline);

        var act = () => TestData.ToBytesAsync(file, DicomTransferSyntax.ExplicitVRLittleEndian);

        await act.Should().ThrowAsync<InvalidOperationException>();
    }

    [Fact]
    public async Task WriteThenRead_EncapsulatedPixelData_PassesFragmentsThrough()
    {
        var dataset = TestData.CreateImage();
        byte[] fragment = [0xFF, 0xD8, 0x00, 0x01, 0x02, 0xFF, 0xD9];
        dataset.AddOrUpdate(new DicomFragmentSequence(
            DicomTag.PixelData,
            DicomVR.OB,
            new DicomElement(DicomTag.ItemTag, DicomVR.OB, Array.Empty<byte>()),
            [new DicomElement(DicomTag.ItemTag, DicomVR.OB, fragment)]));

        var read = await TestData.FromBytesAsync(await TestData.ToBytesAsync(new DicomFile(dataset, DicomTransferSyntax.JpegBaseline)));

        var pixels = read.Dataset[DicomTag.PixelData].Should().BeOfType<DicomFragmentSequence>().Subject;
        pixels.Fragments[0].GetBytes().ToArray().Should().Equal([.. fragment, 0]);
        read.TransferSyntax.Should().Be(DicomTransferSyntax.JpegBaseline);
    }

    [Fact]
    public async Task SaveAsync_Cancelled_LeavesNoFile()
    {
        var dir = Directory.CreateTempSubdirectory("writer-");
        try
        {
            using var cts = new CancellationTokenSource();
            await cts.CancelAsync();
            var path = Path.Combine(dir.FullName, "x.dcm");

            var act = () => new DicomFile(TestData.CreateImage()).SaveAsync(path, cancellationToken: cts.Token);

            await act.Should().ThrowAsync<OperationCanceledException>();
            Directory.GetFiles(dir.FullName).Should().BeEmpty();
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
