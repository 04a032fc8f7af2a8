using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace DicomPipeline.Dicom;

/// <summary>
/// The parts of a file read so far, asynchronously, for <see cref="DicomFile.OpenAsync"/>. The reader parses
/// synchronously from a <see cref="Stream"/> over these parts; when it needs a byte not read yet the stream throws
/// <see cref="MissingBytesException"/>, the part is read asynchronously and the parse starts again. A header is one read
/// of <see cref="FirstRead"/> bytes; each further read is at least as large as everything read before, so a file that
/// must be read whole (a deflated dataset) costs a logarithmic number of parses.
/// </summary>
internal sealed class PrefetchedFile : IDisposable
{
    /// <summary>The first read: larger than nearly every header, so most files are parsed once.</summary>
    public const int FirstRead = 64 * 1024;

    private readonly SafeFileHandle _handle;
    private readonly List<Part> _parts = [];
    private long _read;

    public PrefetchedFile(SafeFileHandle handle)
    {
        _handle = handle;
        Length = RandomAccess.GetLength(handle);
    }

    public long Length { get; }

    /// <summary>Reads the part of the file that starts at <paramref name="offset"/>.</summary>
    public async Task FetchAsync(long offset, CancellationToken cancellationToken)
    {
        var size = (int)Math.Min(Math.Min(Math.Max(FirstRead, _read), Array.MaxLength), Length - offset);
        // Pooled: the parse copies every value it keeps, so nothing refers to these bytes once it is done.
        var bytes = ArrayPool<byte>.Shared.Rent(size);
        var filled = 0;
        while (filled < size)
        {
            var n = await RandomAccess.ReadAsync(_handle, bytes.AsMemory(filled, size - filled), offset + filled, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            filled += n;
        }

        _parts.Add(new Part(offset, bytes, filled));
        _parts.Sort((a, b) => a.Offset.CompareTo(b.Offset));
        _read += filled;
    }

    public void Dispose()
    {
        foreach (var part in _parts)
        {
            ArrayPool<byte>.Shared.Return(part.Bytes);
        }

        _parts.Clear();
    }

    /// <summary>A read-only, seekable stream of the whole file's length over the parts read so far.</summary>
    public Stream OpenStream() => new PartsStream(this);

    private bool TryFind(long position, out Part part)
    {
        foreach (var candidate in _parts)
        {
            if (position >= candidate.Offset && position < candidate.Offset + candidate.Count)
            {
                part = candidate;
                return true;
            }
        }

        part = default;
        return false;
    }

    /// <summary>The parse needs the byte at <see cref="Offset"/>, which has not been read yet.</summary>
    internal sealed class MissingBytesException(long offset) : Exception("Internal: a part of the file not read yet was asked for.")
    {
        public long Offset { get; } = offset;
    }

    private readonly record struct Part(long Offset, byte[] Bytes, int Count);

    private sealed class PartsStream(PrefetchedFile file) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => file.Length;

        public override long Position
        {
            get => _position;
            set => _position = value;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (buffer.IsEmpty || _position >= file.Length)
            {
                return 0;
            }

            if (!file.TryFind(_position, out var part))
            {
                throw new MissingBytesException(_position);
            }

            var start = (int)(_position - part.Offset);
            var n = Math.Min(buffer.Length, part.Count - start);
            part.Bytes.AsSpan(start, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override long Seek(long offset, SeekOrigin origin)
        {
            _position = origin switch
            {
                SeekOrigin.Begin => offset,
                SeekOrigin.Current => _position + offset,
                _ => file.Length + offset,
            };
            return _position;
        }

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
