using DicomPipeline.Destinations;
using DicomPipeline.Storage;

namespace DicomPipeline.Tests.Destinations;

public sealed class SentRecordTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "dicompipeline-sentrecord-" + Guid.NewGuid().ToString("N")[..12]);

    public SentRecordTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task ContainsAsync_OtherWritersLines_ReadAsTheyComeAndAPartialLineWaits()
    {
        var record = new SentRecord("dicom://PACS@host:104");
        var other = Path.Combine(_folder, record.FilePrefix + "shard1.txt");
        await File.WriteAllTextAsync(other, "1.2.1\n1.2.");
        StoredInstance[] instances = [Instance("1.2.1"), Instance("1.2.2"), Instance("1.2.")];

        (await record.ContainsAsync(instances, default)).Should().Equal(true, false, false);

        await File.AppendAllTextAsync(other, "2\n");
        (await record.ContainsAsync(instances, default)).Should().Equal(true, true, false);
    }

    [Fact]
    public async Task AddAsync_ThenANewRecord_SeesWhatTheFirstWrote()
    {
        await new SentRecord("dicom://PACS@host:104").AddAsync([Instance("1.2.1")], default);

        var fresh = new SentRecord("dicom://PACS@host:104");
        var otherDestination = new SentRecord("dicom://PACS@host:105");

        (await fresh.ContainsAsync([Instance("1.2.1"), Instance("1.2.2")], default)).Should().Equal(true, false);
        (await otherDestination.ContainsAsync([Instance("1.2.1")], default)).Should().Equal(false);
    }

    [Fact]
    public async Task ContainsAsync_PathNotUnderItsRelativePath_NeverRecorded()
    {
        var record = new SentRecord("dicom://PACS@host:104");
        var odd = new StoredInstance("elsewhere/1.2.1.dcm", Path.Combine(_folder, "1.2.1.dcm"), "P", "S", "SE", "1.2.1", null);

        await record.AddAsync([odd], default);

        (await record.ContainsAsync([odd], default)).Should().Equal(false);
        Directory.GetFiles(_folder).Should().BeEmpty();
    }

    [Theory]
    [InlineData("P/S/SE/1.dcm", "/out/P/S/SE/1.dcm", "/out")]
    [InlineData("1.dcm", "/out/1.dcm", "/out")]
    [InlineData("P/1.dcm", "/outP/1.dcm", null)]
    [InlineData("1.dcm", "1.dcm", null)]
    public void OutputFolder_FullPathMinusRelativePath(string relative, string full, string? expected) =>
        SentRecord.OutputFolder(new StoredInstance(relative, full, "P", "S", "SE", "1", null)).Should().Be(expected);

    private StoredInstance Instance(string uid) =>
        new($"P/S/SE/{uid}.dcm", Path.Combine(_folder, "P", "S", "SE", uid + ".dcm"), "P", "S", "SE", uid, null);
}
