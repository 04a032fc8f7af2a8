namespace DicomPipeline.Tests.Dicom;

/// <summary>A seekable read-only stream over bytes that throws a given exception once a read reaches <c>failAt</c>: a bug or a fault below the reader.</summary>
internal sealed class FaultyStream(byte[] bytes, long failAt, Func<Exception> fault) : Stream
{
    private readonly MemoryStream _inner = new(bytes, writable: false);

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => _inner.Length;

    public override long Position { get => _inner.Position; set => _inner.Position = value; }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_inner.Position + count > failAt)
        {
            throw fault();
        }

        return _inner.Read(buffer, offset, count);
    }

    public override int Read(Span<byte> buffer)
    {
        if (_inner.Position + buffer.Length > failAt)
        {
            throw fault();
        }

        return _inner.Read(buffer);
    }

    // Synchronous, as a MemoryStream's are: the fault is thrown on the reading thread (Stream's default would run the
    // read on a pool thread, so a test measuring this thread's allocations would measure nothing).
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer, offset, count));

    public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
