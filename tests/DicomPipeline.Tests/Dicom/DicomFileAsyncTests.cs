using DicomPipeline.Dicom;
using FluentAssertions;

namespace DicomPipeline.Tests.Dicom;

/// <summary>
/// The asynchronous reads do their I/O asynchronously, and read exactly what the synchronous ones read however the file
/// is laid out: headers larger than the first read, deflated datasets, values after the pixel data, truncated files.
/// </summary>
public sealed class DicomFileAsyncTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dicompipeline-async-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task ReadAsync_StreamWhoseDataArrivesLater_DoesNotBlockTheCaller()
    {
        var bytes = await ToBytesAsync(new DicomFile(TestData.CreateImage()));
        var stream = new GatedStream(bytes);

        var reading = DicomFile.ReadAsync(stream);

        reading.IsCompleted.Should().BeFalse("the data has not arrived, and the read must wait for it without a thread");
        stream.Open();
        var file = await reading.WaitAsync(TimeSpan.FromSeconds(10));
        file.Dataset.GetString(DicomTag.PatientID).Should().Be("PID-001");
        stream.SynchronousReads.Should().Be(0);
    }

    [Fact]
    public async Task OpenAsync_HeaderLargerThanTheFirstRead_ReadsWhatOpenReads()
    {
        var dataset = TestData.CreateImage();
        var items = Enumerable.Range(0, 400).Select(i =>
        {
            var item = new DicomDataset();
            item.SetString(DicomTag.CodeValue, "V" + i);
            item.SetString(DicomTag.CodeMeaning, new string('x', 300) + i);
            return item;
        });
        dataset.AddOrUpdate(new DicomSequence(DicomTag.ConceptNameCodeSequence, items));
        var path = await SaveAsync(new DicomFile(dataset), "large-header.dcm");
        new FileInfo(path).Length.Should().BeGreaterThan(PrefetchedFile.FirstRead);

        await AssertSameAsOpenAsync(path);
    }

    [Fact]
    public async Task OpenAsync_DeflatedDataset_ReadsWhatOpenReads()
    {
        var dataset = TestData.CreateImage();
        var noise = new byte[200_000];
        new Random(7).NextBytes(noise);
        dataset.SetBytes(new DicomTag(0x00091010), DicomVR.OB, noise);
        dataset.SetString(new DicomTag(0x00090010), "TEST CREATOR");
        var path = await SaveAsync(new DicomFile(dataset, DicomTransferSyntax.DeflatedExplicitVRLittleEndian), "deflated.dcm");
        new FileInfo(path).Length.Should().BeGreaterThan(2 * PrefetchedFile.FirstRead);

        await AssertSameAsOpenAsync(path);
    }

    [Fact]
    public async Task OpenAsync_ValueAfterLargePixelData_ReadsWhatOpenReads()
    {
        var dataset = TestData.CreateImage(rows: 256, columns: 256);
        dataset.SetString(new DicomTag(0x7FE10010), "TEST CREATOR");
        dataset.SetString(new DicomTag(0x7FE11000), "after the pixels", DicomVR.LO);
        var path = await SaveAsync(new DicomFile(dataset), "after-pixels.dcm");

        var file = await AssertSameAsOpenAsync(path);
        file.Dataset.GetString(new DicomTag(0x7FE11000)).Should().Be("after the pixels");
    }

    [Fact]
    public async Task OpenAsync_TruncatedFile_FailsAtTheSameOffsetAsOpen()
    {
        var path = await SaveAsync(new DicomFile(TestData.CreateImage(rows: 256, columns: 256)), "truncated.dcm");
        var bytes = await File.ReadAllBytesAsync(path);
        await File.WriteAllBytesAsync(path, bytes[..(bytes.Length - 1000)]);

        var sync = Assert.Throws<DicomFormatException>(() => DicomFile.Open(path));
        var async = await Assert.ThrowsAsync<DicomFormatException>(() => DicomFile.OpenAsync(path));

        async.Offset.Should().Be(sync.Offset);
        async.Reason.Should().Be(sync.Reason);
    }

    private static async Task<DicomFile> AssertSameAsOpenAsync(string path)
    {
        var expected = await ToBytesAsync(DicomFile.Open(path));
        var file = await DicomFile.OpenAsync(path);
        (await ToBytesAsync(file)).Should().Equal(expected);
        return file;
    }

    private static async Task<byte[]> ToBytesAsync(DicomFile file)
    {
        using var stream = new MemoryStream();
        await file.WriteAsync(stream);
        return stream.ToArray();
    }

    private async Task<string> SaveAsync(DicomFile file, string name)
    {
        var path = Path.Combine(_folder, name);
        await file.SaveAsync(path);
        return path;
    }

    /// <summary>A stream whose data arrives only when <see cref="Open"/> is called; a synchronous read is counted and refused.</summary>
    private sealed class GatedStream(byte[] bytes) : Stream
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _position;

        public int SynchronousReads { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public void Open() => _gate.TrySetResult();

        public override int Read(byte[] buffer, int offset, int count)
        {
            SynchronousReads++;
            throw new InvalidOperationException("A synchronous read of a stream whose data has not arrived would block.");
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await _gate.Task.WaitAsync(cancellationToken);
            var n = Math.Min(buffer.Length, bytes.Length - _position);
            bytes.AsMemory(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
