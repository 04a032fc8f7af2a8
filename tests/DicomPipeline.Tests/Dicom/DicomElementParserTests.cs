using DicomPipeline.Dicom;

namespace DicomPipeline.Tests.Dicom;

/// <summary>The element parser's treatment of what follows the last element, read through <see cref="DicomFile.ReadAsync"/>.</summary>
public class DicomElementParserTests
{
    public static TheoryData<string, int> SyntaxesAndPaddings
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (var syntax in TestData.UncompressedSyntaxes)
            {
                foreach (var padding in new[] { 1, 2, 7, 8, 9, 4096 })
                {
                    data.Add(syntax.Uid, padding);
                }
            }

            return data;
        }
    }

    public static TheoryData<string> Syntaxes => TestData.UncompressedSyntaxUids;

    /// <summary>
    /// Issue 12, item 12: scanners and exporters pad files with zero bytes after the dataset. Such a file was skipped as
    /// "not DICOM: unknown VR bytes 0x0000 for (0000,0000)" although pydicom and dcmdump read it.
    /// </summary>
    [Theory]
    [MemberData(nameof(SyntaxesAndPaddings))]
    public async Task Read_ZeroBytesAfterTheLastElement_EndTheDataset(string uid, int padding)
    {
        var raw = RawDicom.Part10(uid).Bytes(Body(uid, new byte[padding]));

        var file = await TestData.FromBytesAsync(raw.ToArray());

        file.Dataset.Select(a => a.Tag).Should().Equal(DicomTag.Modality, DicomTag.PatientID, DicomTag.PixelData);
        file.Dataset.GetString(DicomTag.PatientID).Should().Be("PID-7");
    }

    /// <summary>Padding ends the dataset only if it is all zeros to the end: anything else is garbage, reported where it starts.</summary>
    [Theory]
    [MemberData(nameof(Syntaxes))]
    public async Task Read_NonZeroByteAfterZeroPadding_ThrowsFormatExceptionAtThatByte(string uid)
    {
        var tail = new byte[64];
        tail[40] = 0x07;
        var raw = RawDicom.Part10(uid).Bytes(Body(uid, tail));
        var bytes = raw.ToArray();
        var deflated = DicomTransferSyntax.FromUid(uid).IsDeflated;

        var read = async () => await TestData.FromBytesAsync(bytes);

        var thrown = (await read.Should().ThrowAsync<DicomFormatException>()).Which;
        if (!deflated)
        {
            thrown.Offset.Should().Be(bytes.Length - 64 + 40);
        }

        thrown.Reason.Should().Contain("zero padding");
    }

    /// <summary>An element whose tag is zeros but whose header is not (a command group length) is read, not taken for padding.</summary>
    [Theory]
    [MemberData(nameof(Syntaxes))]
    public async Task Read_TruncatedElementWithAZeroTag_ThrowsFormatExceptionNotPadding(string uid)
    {
        var syntax = DicomTransferSyntax.FromUid(uid);
        byte[] tail = !syntax.IsExplicitVR ? [0, 0, 0, 0, 4, 0, 0, 0, 1, 2]
            : syntax.IsBigEndian ? [0, 0, 0, 0, (byte)'U', (byte)'L', 0, 4, 1, 2]
            : [0, 0, 0, 0, (byte)'U', (byte)'L', 4, 0, 1, 2];
        var raw = RawDicom.Part10(uid).Bytes(Body(uid, tail));

        var read = async () => await TestData.FromBytesAsync(raw.ToArray());

        (await read.Should().ThrowAsync<DicomFormatException>()).Which.Reason.Should().NotContain("padding");
    }

    private static byte[] Body(string uid, byte[] tail)
    {
        var syntax = DicomTransferSyntax.FromUid(uid);
        var body = new RawDicom(syntax.IsBigEndian);
        if (syntax.IsExplicitVR)
        {
            body.Explicit(0x0008, 0x0060, "CS", RawDicom.Text("CT"))
                .Explicit(0x0010, 0x0020, "LO", RawDicom.Text("PID-7"))
                .Explicit(0x7FE0, 0x0010, "OW", [1, 0, 2, 0]);
        }
        else
        {
            body.Implicit(0x0008, 0x0060, RawDicom.Text("CT"))
                .Implicit(0x0010, 0x0020, RawDicom.Text("PID-7"))
                .Implicit(0x7FE0, 0x0010, [1, 0, 2, 0]);
        }

        body.Bytes(tail);
        return syntax.IsDeflated ? RawDicom.Deflate(body.ToArray()) : body.ToArray();
    }
}
