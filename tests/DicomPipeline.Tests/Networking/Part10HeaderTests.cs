using DicomPipeline.Dicom;
using DicomPipeline.Networking;
using DicomPipeline.Tests.Destinations;

namespace DicomPipeline.Tests.Networking;

public sealed class Part10HeaderTests : IDisposable
{
    private readonly DestinationTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [MemberData(nameof(Dicom.TestData.UncompressedSyntaxUids), MemberType = typeof(Dicom.TestData))]
    public async Task ReadAsync_WrittenFile_UidsSyntaxAndDatasetOffset(string syntax)
    {
        var instance = (await _files.WriteAsync(1, DicomTransferSyntax.FromUid(syntax))).Single();

        var header = await Part10Header.ReadAsync(instance.FullPath, CancellationToken.None);

        header.SopClassUid.Should().Be("1.2.840.10008.5.1.4.1.1.2");
        header.SopInstanceUid.Should().Be(instance.SopInstanceUid);
        header.TransferSyntaxUid.Should().Be(syntax);
        var bytes = await File.ReadAllBytesAsync(instance.FullPath);
        bytes[(int)header.DatasetOffset..].Should().Equal(DestinationTestFiles.DatasetBytes(bytes));
    }

    [Fact]
    public void Parse_NoPreamble_Refused()
    {
        var act = () => Part10Header.Parse(new byte[200], 200);

        act.Should().Throw<InvalidDataException>().WithMessage("not a DICOM Part 10 file*");
    }

    [Fact]
    public void Parse_MetaLengthBeyondTheFile_Refused()
    {
        byte[] bytes = [.. new byte[128], .. "DICM"u8, 0x02, 0, 0x10, 0, (byte)'U', (byte)'I', 0xF0, 0xFF];

        var act = () => Part10Header.Parse(bytes, bytes.Length);

        act.Should().Throw<InvalidDataException>().WithMessage("*cut short*");
    }
}
