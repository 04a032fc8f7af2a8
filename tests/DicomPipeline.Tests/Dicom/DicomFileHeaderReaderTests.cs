using System.Buffers.Binary;
using DicomPipeline.Dicom;

namespace DicomPipeline.Tests.Dicom;

/// <summary>The preamble, the file meta group (0002) and the transfer syntax, read through <see cref="DicomFile.ReadAsync"/>.</summary>
public class DicomFileHeaderReaderTests
{
    private static readonly DicomTag SourceApplicationEntityTitle = new(0x00020016);
    private static readonly DicomTag PrivateInformationCreatorUid = new(0x00020100);
    private static readonly DicomTag PrivateInformation = new(0x00020102);

    public static TheoryData<string> Syntaxes => TestData.UncompressedSyntaxUids;

    /// <summary>
    /// Issue 12, item 2: a writer whose (0002,0000) counts only the first meta elements. The rest of group 0002 still
    /// belongs to the file meta (PS3.10 7.1: the meta group is every group 0002 element), as pydicom and DCMTK read it;
    /// left in the dataset it would be written out in the body, leaking the source's AE title and private information.
    /// </summary>
    [Theory]
    [MemberData(nameof(Syntaxes))]
    public async Task Read_MetaGroupLengthTooShort_KeepsEveryGroup2ElementInTheFileMeta(string uid)
    {
        var syntax = DicomTransferSyntax.FromUid(uid);
        var body = new RawDicom(syntax.IsBigEndian);
        if (syntax.IsExplicitVR)
        {
            body.Explicit(0x0008, 0x0060, "CS", RawDicom.Text("CT")).Explicit(0x0010, 0x0020, "LO", RawDicom.Text("PID-7"));
        }
        else
        {
            body.Implicit(0x0008, 0x0060, RawDicom.Text("CT")).Implicit(0x0010, 0x0020, RawDicom.Text("PID-7"));
        }

        var raw = RawDicom.Part10(uid)
            .Explicit(0x0002, 0x0016, "AE", RawDicom.Text("SCANNER_AE"))
            .Explicit(0x0002, 0x0100, "UI", RawDicom.Uid("1.2.3.99"))
            .Explicit(0x0002, 0x0102, "OB", "PRIVATE-INFO"u8.ToArray())
            .Bytes(syntax.IsDeflated ? RawDicom.Deflate(body.ToArray()) : body.ToArray());

        var file = await TestData.FromBytesAsync(raw.ToArray());

        file.TransferSyntax.Should().Be(syntax);
        file.Dataset.Should().NotContain(a => a.Tag.Group == 0x0002);
        file.FileMetaInformation.GetString(SourceApplicationEntityTitle).Should().Be("SCANNER_AE");
        file.FileMetaInformation.Contains(PrivateInformationCreatorUid).Should().BeTrue();
        file.FileMetaInformation.Contains(PrivateInformation).Should().BeTrue();
        file.Dataset.GetString(DicomTag.Modality).Should().Be("CT");
        file.Dataset.GetString(DicomTag.PatientID).Should().Be("PID-7");
    }

    /// <summary>
    /// Some tools in the wild prepend a second meta group to a file's own: the first one met is the file's meta (DCMTK
    /// reads it so), and a later copy of an element must not overwrite it.
    /// </summary>
    [Fact]
    public async Task Read_TwoFileMetaGroupsInARow_KeepsTheFirstValueOfEachElement()
    {
        var second = new RawDicom()
            .Explicit(0x0002, 0x0000, "UL", BitConverter.GetBytes(26u))
            .Explicit(0x0002, 0x0013, "SH", RawDicom.Text("SECOND"))
            .Explicit(0x0002, 0x0016, "AE", RawDicom.Text("SECOND_AE"));
        var raw = RawDicom.Part10(DicomTransferSyntax.ExplicitVRLittleEndian.Uid)
            .Explicit(0x0002, 0x0013, "SH", RawDicom.Text("FIRST"))
            .Bytes(second.ToArray())
            .Explicit(0x0008, 0x0060, "CS", RawDicom.Text("MR"));

        var file = await TestData.FromBytesAsync(raw.ToArray());

        file.FileMetaInformation.GetString(new DicomTag(0x00020013)).Should().Be("FIRST");
        file.FileMetaInformation.GetString(SourceApplicationEntityTitle).Should().Be("SECOND_AE", "an element only the second group has is kept");
        file.Dataset.Should().ContainSingle().Which.Tag.Should().Be(DicomTag.Modality);
    }

    /// <summary>A group 0002 element inside the dataset proper (here the first element of a deflated body) is file meta too.</summary>
    [Fact]
    public async Task Read_Group2ElementInsideTheDataset_MovesToTheFileMeta()
    {
        var body = new RawDicom()
            .Explicit(0x0002, 0x0016, "AE", RawDicom.Text("SCANNER_AE"))
            .Explicit(0x0008, 0x0060, "CS", RawDicom.Text("MR"));
        var raw = RawDicom.Part10(DicomTransferSyntax.DeflatedExplicitVRLittleEndian.Uid).Bytes(RawDicom.Deflate(body.ToArray()));

        var file = await TestData.FromBytesAsync(raw.ToArray());

        file.Dataset.Should().NotContain(a => a.Tag.Group == 0x0002);
        file.FileMetaInformation.GetString(SourceApplicationEntityTitle).Should().Be("SCANNER_AE");
        file.Dataset.GetString(DicomTag.Modality).Should().Be("MR");
    }

    /// <summary>The writer's side of item 2: whatever the dataset holds, the body never carries group 0002.</summary>
    [Theory]
    [MemberData(nameof(Syntaxes))]
    public async Task Write_Group2ElementsInTheDataset_AreNotWrittenInTheBody(string uid)
    {
        var dataset = TestData.CreateImage();
        dataset.SetString(SourceApplicationEntityTitle, "LEAKED_AE", DicomVR.AE);
        dataset.AddOrUpdate(new DicomElement(PrivateInformation, DicomVR.OB, "LEAKED-INFO."u8.ToArray()));
        var file = new DicomFile(dataset, DicomTransferSyntax.FromUid(uid));

        var bytes = await TestData.ToBytesAsync(file);

        var metaLength = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(140, 4));
        var bodyStart = 144 + (int)metaLength;
        bytes.AsSpan(132, bodyStart - 132).IndexOf("LEAKED"u8).Should().Be(-1, "the dataset's copies are not file meta of the written file");
        var read = await TestData.FromBytesAsync(bytes);
        read.Dataset.Should().NotContain(a => a.Tag.Group == 0x0002);
        read.FileMetaInformation.Contains(SourceApplicationEntityTitle).Should().BeFalse();
        if (!DicomTransferSyntax.FromUid(uid).IsDeflated)
        {
            bytes.AsSpan(bodyStart).IndexOf("LEAKED"u8).Should().Be(-1);
            BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(bodyStart)).Should().NotBe(0x0002);
        }
    }
}
