using DicomPipeline.Dicom;

namespace DicomPipeline.Tests.Dicom;

public sealed class BulkDataRegionTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "region-" + Guid.NewGuid().ToString("N"));
    private readonly byte[] _content = Enumerable.Range(0, 200).Select(i => (byte)i).ToArray();

    public BulkDataRegionTests() => File.WriteAllBytes(_path, _content);

    public void Dispose() => File.Delete(_path);

    [Fact]
    public async Task Slice_CopiedToFileAndStream_OnlyTheFirstBytes()
    {
        var region = new BulkDataRegion(_path, 10, 100, false, 1).Slice(30);

        region.Length.Should().Be(30);
        region.ReadAll().Should().Equal(_content[10..40]);
        (await CopyToStreamAsync(region)).Should().Equal(_content[10..40]);
        (await CopyToFileAsync(region)).Should().Equal(_content[10..40]);
    }

    [Fact]
    public async Task WithHead_CopiedToFileAndStream_HeadThenTheRest()
    {
        var region = new BulkDataRegion(_path, 10, 100, false, 1).WithHead([0xAA, 0xBB, 0xCC], 7);
        byte[] expected = [0xAA, 0xBB, 0xCC, .. _content[17..110]];

        region.Length.Should().Be(expected.Length);
        region.ReadAll().Should().Equal(expected);
        (await CopyToStreamAsync(region)).Should().Equal(expected);
        (await CopyToFileAsync(region)).Should().Equal(expected);
    }

    [Fact]
    public void Read_AcrossHeadAndFile_ReadsBoth()
    {
        var region = new BulkDataRegion(_path, 10, 100, false, 1).WithHead([0xAA, 0xBB], 0);
        var buffer = new byte[4];

        region.Read(1, buffer).Should().Be(4);

        buffer.Should().Equal(0xBB, 10, 11, 12);
        region.Read(region.Length - 1, buffer).Should().Be(1);
    }

    [Fact]
    public void Slice_LongerThanTheValue_Throws()
    {
        var act = () => new BulkDataRegion(_path, 10, 100, false, 1).Slice(101);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    private static async Task<byte[]> CopyToStreamAsync(BulkDataRegion region)
    {
        using var stream = new MemoryStream();
        await region.CopyToAsync(stream, bigEndian: false, CancellationToken.None);
        return stream.ToArray();
    }

    private static async Task<byte[]> CopyToFileAsync(BulkDataRegion region)
    {
        var target = Path.GetTempFileName();
        try
        {
            await using (var file = new FileStream(target, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.None))
            {
                file.WriteByte(0x55);
                await region.CopyToAsync(file, bigEndian: false, CancellationToken.None);
            }

            var written = await File.ReadAllBytesAsync(target);
            written[0].Should().Be(0x55);
            return written[1..];
        }
        finally
        {
            File.Delete(target);
        }
    }
}
