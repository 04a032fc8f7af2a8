using System.Buffers.Binary;
using DicomPipeline.Dicom;

namespace DicomPipeline.Tests.Dicom;

public class DicomReaderTests
{
    private const string ExplicitLE = "1.2.840.10008.1.2.1";
    private const string ImplicitLE = "1.2.840.10008.1.2";
    private const string ExplicitBE = "1.2.840.10008.1.2.2";

    [Theory]
    [InlineData(4)]
    [InlineData(512)]
    public async Task Read_StreamOfKnownLength_NeverAsksForBytesPastItsEnd(int size)
    {
        // Issue 28: the reader learned that nothing follows the last element by reading once more at the end of the data,
        // a system call for nothing on every file read by path; a stream of known length already says so. The counted
        // stream: a 4x4 image ends inside the first read, a 512x512 one after its pixel data is read past the buffer.
        // The same bytes read by path (the pixel data then stays in the file) give the same dataset.
        var bytes = await TestData.ToBytesAsync(new DicomFile(TestData.CreateImage(size, size)));
        var path = Path.Combine(Path.GetTempPath(), $"dp-eof-{Guid.NewGuid():N}.dcm");
        await File.WriteAllBytesAsync(path, bytes);
        try
        {
            using var counting = new ReadCountingStream(bytes);
            var fromStream = DicomFile.Read(counting);
            var fromPath = DicomFile.Open(path);

            fromStream.Dataset.GetString(DicomTag.SOPInstanceUID).Should().NotBeNullOrEmpty();
            fromPath.Dataset.GetString(DicomTag.SOPInstanceUID).Should().Be(fromStream.Dataset.GetString(DicomTag.SOPInstanceUID));
            counting.ReadsAtEnd.Should().Be(0, "the stream's length says there is nothing more to read");
            counting.Reads.Should().BeGreaterThan(0);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(16)]
    [InlineData(1024)]
    public async Task Open_ValueOfTheThresholdOrMore_StaysInTheFileEvenWhenBuffered(int threshold)
    {
        // A small file is in the reader's buffer after its first read; a value of LargeValueThreshold bytes or more still
        // stays in the file, as the option says, and one just under it is read into memory.
        var dataset = TestData.CreateImage(2, 2);
        var document = new DicomTag(0x00420011);
        dataset.SetBytes(document, DicomVR.OB, Enumerable.Range(0, threshold - 2).Select(i => (byte)i).ToArray());
        dataset.SetBytes(DicomTag.PixelData, DicomVR.OW, Enumerable.Range(0, threshold).Select(i => (byte)(i * 3)).ToArray());
        var path = Path.Combine(Path.GetTempPath(), $"dp-threshold-{Guid.NewGuid():N}.dcm");
        await new DicomFile(dataset).SaveAsync(path);
        try
        {
            var file = DicomFile.Open(path, new DicomReadOptions { LargeValueThreshold = threshold });

            file.Dataset.TryGetElement(DicomTag.PixelData, out var pixels).Should().BeTrue();
            pixels!.IsInSourceFile.Should().BeTrue("{0} bytes is the threshold", threshold);
            pixels.GetBytes().ToArray().Should().Equal(Enumerable.Range(0, threshold).Select(i => (byte)(i * 3)));
            file.Dataset.TryGetElement(document, out var small).Should().BeTrue();
            small!.IsInSourceFile.Should().BeFalse();
            small.GetBytes().ToArray().Should().Equal(Enumerable.Range(0, threshold - 2).Select(i => (byte)i));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>A seekable stream over bytes that counts its reads, and those made at its end.</summary>
    private sealed class ReadCountingStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public int Reads { get; private set; }

        public int ReadsAtEnd { get; private set; }

        public override int Read(byte[] buffer, int offset, int count) => Count(base.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Count(base.Read(buffer));

        private int Count(int read)
        {
            Reads++;
            if (read == 0)
            {
                ReadsAtEnd++;
            }

            return read;
        }
    }

    [Fact]
    public async Task Read_ExplicitLittleEndianWithUndefinedLengthSequence_ReadsNestedItems()
    {
        var raw = RawDicom.Part10(ExplicitLE)
            .Explicit(0x0008, 0x0060, "CS", RawDicom.Text("CT"))
            .Explicit(0x0008, 0x1140, "SQ", [], 0xFFFFFFFF)
            .ItemStart()
            .Explicit(0x0008, 0x1155, "UI", RawDicom.Uid("1.2.3"))
            .Explicit(0x0008, 0x2218, "SQ", [], 0xFFFFFFFF)
            .ItemStart().Explicit(0x0008, 0x0100, "SH", RawDicom.Text("T-1")).ItemEnd()
            .SequenceEnd()
            .ItemEnd()
            .SequenceEnd()
            .Explicit(0x0010, 0x0010, "PN", RawDicom.Text("Doe^John"));

        var file = await TestData.FromBytesAsync(raw.ToArray());

        file.TransferSyntax.Should().Be(DicomTransferSyntax.ExplicitVRLittleEndian);
        file.Dataset.GetString(DicomTag.Modality).Should().Be("CT");
        file.Dataset.GetString(DicomTag.PatientName).Should().Be("Doe^John");
        file.Dataset.TryGetSequence(DicomTag.ReferencedImageSequence, out var sequence).Should().BeTrue();
        var item = sequence!.Items.Should().ContainSingle().Subject;
        item.GetString(DicomTag.ReferencedSOPInstanceUID).Should().Be("1.2.3");
        item.TryGetSequence(DicomTag.AnatomicRegionSequence, out var inner).Should().BeTrue();
        inner!.Items[0].GetString(DicomTag.CodeValue).Should().Be("T-1");
    }

    [Fact]
    public async Task Read_TagsOutOfOrderOrRepeated_SortsThemAndKeepsTheLaterValue()
    {
        // Not valid DICOM, but written by some exporters: the reader sorts such attributes in and a repeated tag's later
        // value wins, at the top level and in an item alike (a dataset's list is made at once only when tags ascend).
        var raw = RawDicom.Part10(ExplicitLE)
            .Explicit(0x0010, 0x0020, "LO", RawDicom.Text("ID-1"))
            .Explicit(0x0008, 0x0060, "CS", RawDicom.Text("CT"))
            .Explicit(0x0010, 0x0020, "LO", RawDicom.Text("ID-2"))
            .Explicit(0x0008, 0x1140, "SQ", [], 0xFFFFFFFF)
            .ItemStart()
            .Explicit(0x0008, 0x1155, "UI", RawDicom.Uid("1.2.3"))
            .Explicit(0x0008, 0x1150, "UI", RawDicom.Uid("1.2.840.10008.5.1.4.1.1.2"))
            .Explicit(0x0008, 0x1155, "UI", RawDicom.Uid("1.2.4"))
            .ItemEnd()
            .SequenceEnd();

        var file = await TestData.FromBytesAsync(raw.ToArray());

        file.Dataset.Select(a => a.Tag.Value).Should().Equal(0x00080060u, 0x00081140u, 0x00100020u);
        file.Dataset.GetString(DicomTag.PatientID).Should().Be("ID-2");
        file.Dataset.TryGetSequence(DicomTag.ReferencedImageSequence, out var sequence).Should().BeTrue();
        sequence!.Owner.Should().BeSameAs(file.Dataset);
        var item = sequence.Items.Should().ContainSingle().Subject;
        item.Select(a => a.Tag.Value).Should().Equal(0x00081150u, 0x00081155u);
        item.GetString(DicomTag.ReferencedSOPInstanceUID).Should().Be("1.2.4");
    }

    [Fact]
    public async Task Read_ImplicitUsOrSs_FollowsThePixelRepresentationAtItsOwnLevel()
    {
        // Smallest Image Pixel Value (0028,0106) is "US or SS": signed when Pixel Representation (0028,0103), read before
        // it in the same dataset, is 1. The top level is signed here, the item unsigned.
        var raw = RawDicom.Part10(ImplicitLE)
            .Implicit(0x0008, 0x1140, [], 0xFFFFFFFF)
            .ItemStart()
            .Implicit(0x0028, 0x0103, BitConverter.GetBytes((ushort)0))
            .Implicit(0x0028, 0x0106, BitConverter.GetBytes((ushort)65000))
            .ItemEnd()
            .SequenceEnd()
            .Implicit(0x0028, 0x0103, BitConverter.GetBytes((ushort)1))
            .Implicit(0x0028, 0x0106, BitConverter.GetBytes((short)-2000));

        var file = await TestData.FromBytesAsync(raw.ToArray());

        file.Dataset[new DicomTag(0x00280106)].VR.Should().Be(DicomVR.SS);
        file.Dataset.GetNumberOrDefault<int>(new DicomTag(0x00280106), 0).Should().Be(-2000);
        file.Dataset.TryGetSequence(DicomTag.ReferencedImageSequence, out var sequence).Should().BeTrue();
        var item = sequence!.Items.Should().ContainSingle().Subject;
        item[new DicomTag(0x00280106)].VR.Should().Be(DicomVR.US);
        item.GetNumberOrDefault<int>(new DicomTag(0x00280106), 0).Should().Be(65000);
    }

    [Fact]
    public async Task Read_DefinedLengthSequenceAndItems_ReadsItems()
    {
        var itemBody = new RawDicom().Explicit(0x0008, 0x1155, "UI", RawDicom.Uid("1.2.3.4")).ToArray();
        var seqBody = new RawDicom().ItemStart((uint)itemBody.Length).Bytes(itemBody).ToArray();
        var raw = RawDicom.Part10(ExplicitLE).Explicit(0x0008, 0x1140, "SQ", seqBody);

        var file = await TestData.FromBytesAsync(raw.ToArray());

        file.Dataset.TryGetSequence(DicomTag.ReferencedImageSequence, out var sequence).Should().BeTrue();
        sequence!.Items[0].GetString(DicomTag.ReferencedSOPInstanceUID).Should().Be("1.2.3.4");
    }

    [Fact]
    public async Task Read_ImplicitLittleEndian_TakesVRsFromTheDictionary()
    {
        var raw = RawDicom.Part10(ImplicitLE)
            .Implicit(0x0010, 0x0010, RawDicom.Text("Roe^Jane"))
            .Implicit(0x0028, 0x0010, BitConverter.GetBytes((ushort)512))
            .Implicit(0x0009, 0x0010, RawDicom.Text("VENDOR"))
            .Implicit(0x0009, 0x1001, [1, 2, 3, 4]);

        var file = await TestData.FromBytesAsync(raw.ToArray());

        file.Dataset[DicomTag.PatientName].VR.Should().Be(DicomVR.PN);
        file.Dataset[DicomTag.Rows].VR.Should().Be(DicomVR.US);
        file.Dataset.GetNumberOrDefault(DicomTag.Rows, 0).Should().Be(512);
        file.Dataset[new DicomTag(0x00090010)].VR.Should().Be(DicomVR.LO, "a private creator is LO");
        file.Dataset[new DicomTag(0x00091001)].VR.Should().Be(DicomVR.UN);
    }

    [Fact]
    public async Task Read_ExplicitBigEndian_SwapsNumbersToLittleEndianInMemory()
    {
        var body = new RawDicom(bigEndian: true)
            .Explicit(0x0028, 0x0010, "US", [0x02, 0x00])
            .Explicit(0x0028, 0x1052, "DS", RawDicom.Text("-1024"))
            .Explicit(0x0018, 0x9306, "FD", [0x3F, 0xF8, 0, 0, 0, 0, 0, 0])
            .Explicit(0x7FE0, 0x0010, "OW", [0x01, 0x02, 0x03, 0x04]);
        var raw = RawDicom.Part10(ExplicitBE).Bytes(body.ToArray());

        var file = await TestData.FromBytesAsync(raw.ToArray());

        file.Dataset.GetNumberOrDefault(DicomTag.Rows, 0).Should().Be(512);
        file.Dataset.GetNumberOrDefault(DicomTag.RescaleIntercept, 0.0).Should().Be(-1024);
        file.Dataset.GetNumberOrDefault(new DicomTag(0x00189306), 0.0).Should().Be(1.5);
        ((DicomElement)file.Dataset[DicomTag.PixelData]).GetBytes().ToArray().Should().Equal(0x02, 0x01, 0x04, 0x03);
    }

    [Fact]
    public async Task Read_UndefinedLengthUN_IsReadAsImplicitVRSequence()
    {
        var inner = new RawDicom().ItemStart()
            .Implicit(0x0008, 0x0100, RawDicom.Text("CODE"))
            .ItemEnd().SequenceEnd();
        var raw = RawDicom.Part10(ExplicitLE)
            .Explicit(0x0008, 0x2218, "UN", [], 0xFFFFFFFF)
            .Bytes(inner.ToArray())
            .Explicit(0x0010, 0x0010, "PN", RawDicom.Text("A^B"));

        var file = await TestData.FromBytesAsync(raw.ToArray());

        file.Dataset.TryGetSequence(DicomTag.AnatomicRegionSequence, out var sequence).Should().BeTrue();
        sequence!.Items[0].GetString(DicomTag.CodeValue).Should().Be("CODE");
        sequence.Items[0][DicomTag.CodeValue].VR.Should().Be(DicomVR.SH);
        file.Dataset.GetString(DicomTag.PatientName).Should().Be("A^B");
    }

    [Fact]
    public async Task Read_DefinedLengthUNOfAPublicAttribute_TakesTheDictionaryVR()
    {
        var raw = RawDicom.Part10(ExplicitLE).Explicit(0x0018, 0x0050, "UN", RawDicom.Text("2.5"));

        var file = await TestData.FromBytesAsync(raw.ToArray());

        file.Dataset[DicomTag.SliceThickness].VR.Should().Be(DicomVR.DS);
        file.Dataset.GetNumberOrDefault(DicomTag.SliceThickness, 0.0).Should().Be(2.5);
    }

    [Fact]
    public async Task Read_NoPreambleNoMeta_DetectsImplicitLittleEndian()
    {
        var raw = new RawDicom()
            .Implicit(0x0008, 0x0060, RawDicom.Text("MR"))
            .Implicit(0x0010, 0x0020, RawDicom.Text("ID1"));

        var file = await TestData.FromBytesAsync(raw.ToArray());

        file.TransferSyntax.Should().Be(DicomTransferSyntax.ImplicitVRLittleEndian);
        file.Dataset.GetString(DicomTag.Modality).Should().Be("MR");
        file.Dataset.GetString(DicomTag.PatientID).Should().Be("ID1");
    }

    [Fact]
    public async Task Read_EncapsulatedPixelData_KeepsFragmentsByteForByte()
    {
        var raw = RawDicom.Part10("1.2.840.10008.1.2.4.50")
            .Explicit(0x0028, 0x0010, "US", [0x10, 0x00])
            .Explicit(0x7FE0, 0x0010, "OB", [], 0xFFFFFFFF)
            .ItemStart(4).Bytes([0, 0, 0, 0])
            .ItemStart(6).Bytes([0xFF, 0xD8, 0x01, 0x02, 0xFF, 0xD9])
            .ItemStart(2).Bytes([0xAB, 0xCD])
            .SequenceEnd();

        var file = await TestData.FromBytesAsync(raw.ToArray());

        var pixels = file.Dataset[DicomTag.PixelData].Should().BeOfType<DicomFragmentSequence>().Subject;
        pixels.OffsetTable.GetBytes().ToArray().Should().Equal(0, 0, 0, 0);
        pixels.Fragments.Should().HaveCount(2);
        pixels.Fragments[0].GetBytes().ToArray().Should().Equal(0xFF, 0xD8, 0x01, 0x02, 0xFF, 0xD9);
        file.TransferSyntax.IsEncapsulated.Should().BeTrue();
    }

    [Fact]
    public async Task Read_StopBeforePixelData_LeavesPixelDataOut()
    {
        var raw = RawDicom.Part10(ExplicitLE)
            .Explicit(0x0008, 0x0060, "CS", RawDicom.Text("CT"))
            .Explicit(0x7FE0, 0x0010, "OW", new byte[1024]);

        var file = await TestData.FromBytesAsync(raw.ToArray(), new DicomReadOptions { StopBeforePixelData = true });

        file.Dataset.Contains(DicomTag.PixelData).Should().BeFalse();
        file.Dataset.GetString(DicomTag.Modality).Should().Be("CT");
    }

    [Fact]
    public async Task OpenAsync_LargeValue_StaysInTheFileUntilAskedFor()
    {
        var pixels = Enumerable.Range(0, 200_000).Select(i => (byte)i).ToArray();
        var raw = RawDicom.Part10(ExplicitLE).Explicit(0x7FE0, 0x0010, "OB", pixels);
        var path = Path.Combine(Path.GetTempPath(), $"reader-{Guid.NewGuid():N}.dcm");
        await File.WriteAllBytesAsync(path, raw.ToArray());
        try
        {
            var file = await DicomFile.OpenAsync(path);

            var element = file.Dataset[DicomTag.PixelData].Should().BeOfType<DicomElement>().Subject;
            element.IsInSourceFile.Should().BeTrue();
            element.Length.Should().Be(pixels.Length);
            element.GetBytes().ToArray().Should().Equal(pixels);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Read_Empty_ThrowsFormatExceptionAtOffsetZero()
    {
        var act = () => TestData.FromBytesAsync([]);

        (await act.Should().ThrowAsync<DicomFormatException>()).Which.Offset.Should().Be(0);
    }

    [Fact]
    public async Task Read_FewerThanEightBytes_SaysTooShortNotEmpty()
    {
        var act = () => TestData.FromBytesAsync("hello\n"u8.ToArray());

        (await act.Should().ThrowAsync<DicomFormatException>()).Which.Message.Should().Contain("too short");
    }

    [Fact]
    public async Task Read_TextFile_ThrowsFormatException()
    {
        var bytes = "PatientName,PatientID\nDoe^John,123\n"u8.ToArray();

        var act = () => TestData.FromBytesAsync(bytes);

        (await act.Should().ThrowAsync<DicomFormatException>()).Which.Message.Should().Contain("not a DICOM file");
    }

    [Fact]
    public async Task Read_LengthPastEndOfFile_NamesTheOffsetWithoutAllocating()
    {
        var raw = RawDicom.Part10(ExplicitLE)
            .Explicit(0x0008, 0x0060, "CS", RawDicom.Text("CT"));
        var offset = raw.Length;
        raw.Explicit(0x7FE0, 0x0010, "OB", [1, 2, 3, 4], 0xFFFFFFF0);

        var act = () => TestData.FromBytesAsync(raw.ToArray());

        var error = (await act.Should().ThrowAsync<DicomFormatException>()).Which;
        error.Message.Should().Contain("past the end");
        error.Offset.Should().Be(offset + 12);
    }

    [Fact]
    public async Task Read_TruncatedInsideAValue_ThrowsFormatException()
    {
        var bytes = RawDicom.Part10(ExplicitLE)
            .Explicit(0x0010, 0x0010, "PN", RawDicom.Text("Doe^John"))
            .ToArray();

        var act = () => TestData.FromBytesAsync(bytes[..^3]);

        await act.Should().ThrowAsync<DicomFormatException>();
    }

    [Fact]
    public async Task Read_UnclosedUndefinedLengthItem_ThrowsInsteadOfLooping()
    {
        var raw = RawDicom.Part10(ExplicitLE)
            .Explicit(0x0008, 0x1140, "SQ", [], 0xFFFFFFFF)
            .ItemStart()
            .Explicit(0x0008, 0x1155, "UI", RawDicom.Uid("1.2"));

        var act = () => TestData.FromBytesAsync(raw.ToArray());

        await act.Should().ThrowAsync<DicomFormatException>();
    }

    [Fact]
    public async Task Read_SequencesNestedTenThousandDeep_ThrowsFormatExceptionWithoutStackOverflow()
    {
        var raw = RawDicom.Part10(ExplicitLE);
        for (var i = 0; i < 10_000; i++)
        {
            raw.Explicit(0x0008, 0x1140, "SQ", [], 0xFFFFFFFF).ItemStart();
        }

        var act = () => TestData.FromBytesAsync(raw.ToArray());

        (await act.Should().ThrowAsync<DicomFormatException>()).Which.Message.Should().Contain("nested deeper");
    }

    [Fact]
    public async Task Read_UnknownVR_ThrowsFormatExceptionNamingOffset()
    {
        var raw = RawDicom.Part10(ExplicitLE);
        var offset = raw.Length;
        raw.Tag(0x0010, 0x0010).Bytes("zz"u8.ToArray()).U16(2).Bytes([0x41, 0x42]);

        var act = () => TestData.FromBytesAsync(raw.ToArray());

        (await act.Should().ThrowAsync<DicomFormatException>()).Which.Offset.Should().Be(offset + 4);
    }

    [Fact]
    public async Task Read_CorruptDeflate_ThrowsFormatException()
    {
        var raw = RawDicom.Part10("1.2.840.10008.1.2.1.99").Bytes([0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x12]);

        var act = () => TestData.FromBytesAsync(raw.ToArray());

        await act.Should().ThrowAsync<DicomFormatException>();
    }

    [Fact]
    public async Task Read_OddLengthValue_IsKept()
    {
        var raw = RawDicom.Part10(ExplicitLE).Explicit(0x0010, 0x0020, "LO", "ABC"u8.ToArray());

        var file = await TestData.FromBytesAsync(raw.ToArray());

        file.Dataset.GetString(DicomTag.PatientID).Should().Be("ABC");
    }

    [Fact]
    public async Task Read_GroupLengthInMeta_StopsMetaAtItsEnd()
    {
        var bytes = RawDicom.Part10(ExplicitLE).Explicit(0x0008, 0x0060, "CS", RawDicom.Text("US")).ToArray();

        var file = await TestData.FromBytesAsync(bytes);

        BinaryPrimitives.ReadUInt32LittleEndian(((DicomElement)file.FileMetaInformation[new DicomTag(0x00020000)]).GetBytes().Span)
            .Should().BeGreaterThan(0);
        file.Dataset.Should().ContainSingle();
    }

    /// <summary>
    /// Issue 15, item 11: only malformed data is a <see cref="DicomFormatException"/>. A bug (or a failing disk) below the
    /// parser, met in the middle of a value, surfaces as itself, so the runner reports it as what it is, not as a bad file.
    /// </summary>
    [Theory]
    [InlineData(typeof(InvalidOperationException))]
    [InlineData(typeof(ArgumentException))]
    [InlineData(typeof(OverflowException))]
    [InlineData(typeof(IOException))]
    public async Task Read_StreamThrowsAnythingButMalformedData_SurfacesUnchanged(Type fault)
    {
        var bytes = await TestData.ToBytesAsync(new DicomFile(TestData.CreateImage(rows: 128, columns: 128)));
        using var stream = new FaultyStream(bytes, failAt: bytes.Length - 100, () => (Exception)Activator.CreateInstance(fault, "injected")!);

        var read = async () => await DicomFile.ReadAsync(stream);

        (await read.Should().ThrowAsync<Exception>()).Which.Should().BeOfType(fault);
    }
}
