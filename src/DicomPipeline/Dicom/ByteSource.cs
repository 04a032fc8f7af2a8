using System.Buffers;
using System.Buffers.Binary;

namespace DicomPipeline.Dicom;

/// <summary>
/// Buffered, position-tracking reads from a stream for the Part 10 reader. Every read checks what is left, so a lying
/// length field ends in a <see cref="DicomFormatException"/>, not a huge allocation or a hang.
/// </summary>
internal sealed class ByteSource : IDisposable
{
    private const int ChunkSize = 1 << 20;

    // Small values share blocks of this size instead of an array each: a header of a few hundred elements costs a few
    // allocations, not hundreds. A value keeps its block alive, which the dataset holding it does anyway.
    private const int BlockSize = 4096;
    private const int BlockValueLimit = 1024;
    private readonly Stream _stream;
    private readonly string? _path;
    private readonly int _maxUnseekableValueLength;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private long _bufferOrigin;
    private byte[]? _block;
    private int _blockUsed;

    public ByteSource(Stream stream, string? path, long origin = 0, int bufferSize = 16 * 1024, int maxUnseekableValueLength = int.MaxValue)
    {
        _maxUnseekableValueLength = maxUnseekableValueLength;
        _stream = stream;
        _path = path;
        _buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
        _bufferOrigin = origin;
        StreamLength = stream.CanSeek ? stream.Length : -1;
    }

    /// <summary>The absolute position of the next byte to read.</summary>
    public long Position => _bufferOrigin + _start;

    /// <summary>The stream's length when it can seek, else -1.</summary>
    public long StreamLength { get; }

    public bool CanSeek => StreamLength >= 0;

    public string? Path => _path;

    /// <summary>Bytes known to remain, or <see cref="long.MaxValue"/> for a stream of unknown length.</summary>
    public long Remaining => CanSeek ? StreamLength - Position : long.MaxValue;

    public bool IsBigEndian { get; set; }

    /// <summary>Whether at least one more byte can be read.</summary>
    public bool HasMore() => Ensure(1);

    /// <summary>Makes <paramref name="count"/> bytes available in the buffer; false at end of stream.</summary>
    public bool Ensure(int count)
    {
        if (_end - _start >= count)
        {
            return true;
        }

        if (CanSeek && _bufferOrigin + _end >= StreamLength)
        {
            // Everything the stream holds is already buffered: asking it again only returns nothing (one more pread of
            // every file read by path, at its end, to learn that no element follows the last).
            return false;
        }

        if (_buffer.Length < count)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(count);
            _buffer.AsSpan(_start, _end - _start).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
        else if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
        }

        _bufferOrigin += _start;
        _end -= _start;
        _start = 0;
        while (_end < count)
        {
            var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read <= 0)
            {
                return false;
            }

            _end += read;
        }

        return true;
    }

    /// <summary>Up to <paramref name="count"/> bytes without consuming them: fewer only at the end of the data.</summary>
    public ReadOnlySpan<byte> PeekUpTo(int count)
    {
        Ensure(count);
        return _buffer.AsSpan(_start, Math.Min(count, _end - _start));
    }

    /// <summary>Consumes zero bytes; true at the end of the data, false when stopped at a non-zero byte (then <see cref="Position"/>).</summary>
    public bool SkipZeros()
    {
        while (Ensure(1))
        {
            var buffered = _buffer.AsSpan(_start, _end - _start);
            var nonZero = buffered.IndexOfAnyExcept((byte)0);
            if (nonZero >= 0)
            {
                _start += nonZero;
                return false;
            }

            _start = _end;
        }

        return true;
    }

    /// <summary>
    /// The next <paramref name="count"/> bytes when they are already in the buffer (no read, nothing consumed); the
    /// parser's fast path for element headers, which falls back to the checked reads otherwise.
    /// </summary>
    public bool TryPeekBuffered(int count, out ReadOnlySpan<byte> bytes)
    {
        if (_end - _start >= count)
        {
            bytes = _buffer.AsSpan(_start, count);
            return true;
        }

        bytes = default;
        return false;
    }

    /// <summary>Consumes <paramref name="count"/> bytes that <see cref="TryPeekBuffered"/> showed.</summary>
    public void Advance(int count) => _start += count;

    public ReadOnlySpan<byte> Peek(int count) =>
        Ensure(count) ? _buffer.AsSpan(_start, count) : throw Truncated();

    public ReadOnlySpan<byte> Read(int count)
    {
        var span = Peek(count);
        _start += count;
        return span;
    }

    public ushort ReadUInt16()
    {
        var span = Read(2);
        return IsBigEndian ? BinaryPrimitives.ReadUInt16BigEndian(span) : BinaryPrimitives.ReadUInt16LittleEndian(span);
    }

    public uint ReadUInt32()
    {
        var span = Read(4);
        return IsBigEndian ? BinaryPrimitives.ReadUInt32BigEndian(span) : BinaryPrimitives.ReadUInt32LittleEndian(span);
    }

    public DicomTag ReadTag()
    {
        var span = Read(4);
        return IsBigEndian
            ? new DicomTag(BinaryPrimitives.ReadUInt16BigEndian(span), BinaryPrimitives.ReadUInt16BigEndian(span[2..]))
            : new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(span), BinaryPrimitives.ReadUInt16LittleEndian(span[2..]));
    }

    /// <summary>
    /// Reads a value, refusing a length beyond what the stream holds: one of at most <see cref="BlockValueLimit"/> bytes is
    /// a slice of a block shared with the values read before it (8-byte aligned), a larger one an array of its own.
    /// </summary>
    public ArraySegment<byte> ReadValue(long length)
    {
        if (length > BlockValueLimit || length < 0)
        {
            return ReadBytes(length);
        }

        if (length == 0)
        {
            return ArraySegment<byte>.Empty;
        }

        var size = (int)length;
        var buffered = _end - _start >= size;
        if (!buffered)
        {
            CheckAvailable(length);
        }

        if (_block is null || _block.Length - _blockUsed < size)
        {
            _block = GC.AllocateUninitializedArray<byte>(BlockSize);
            _blockUsed = 0;
        }

        var value = new ArraySegment<byte>(_block, _blockUsed, size);
        if (buffered)
        {
            // Already read: the bytes exist, so no length check against the stream is needed.
            _buffer.AsSpan(_start, size).CopyTo(value.AsSpan());
            _start += size;
        }
        else
        {
            Fill(value.AsSpan());
        }

        _blockUsed = Math.Min(_block.Length, _blockUsed + ((size + 7) & ~7));
        return value;
    }

    /// <summary>Reads a value into a new array, refusing a length beyond what the stream holds.</summary>
    public byte[] ReadBytes(long length)
    {
        CheckAvailable(length);
        if (length > Array.MaxLength)
        {
            throw new DicomFormatException(
                "a value is larger than one array can hold; read the file by path so that it stays on disk",
                _path,
                Position);
        }

        if (length <= ChunkSize || CanSeek)
        {
            var bytes = GC.AllocateUninitializedArray<byte>((int)length);
            Fill(bytes);
            return bytes;
        }

        // Unknown stream length (deflate): a hard cap, then chunks filled as the data really arrives, so neither a lying
        // length nor a deflate bomb can allocate more than about twice the cap.
        if (length > _maxUnseekableValueLength)
        {
            throw new DicomFormatException(
                FormattableString.Invariant($"a value in a stream of unknown length exceeds the limit of {_maxUnseekableValueLength} bytes (DicomReadOptions.MaxValueLengthFromUnseekableStream)"),
                _path,
                Position);
        }

        var chunks = new List<byte[]>();
        var left = length;
        while (left > 0)
        {
            var chunk = GC.AllocateUninitializedArray<byte>((int)Math.Min(left, ChunkSize));
            Fill(chunk);
            chunks.Add(chunk);
            left -= chunk.Length;
        }

        var whole = GC.AllocateUninitializedArray<byte>((int)length);
        var at = 0;
        foreach (var chunk in chunks)
        {
            chunk.CopyTo(whole, at);
            at += chunk.Length;
        }

        return whole;
    }

    /// <summary>Skips a value, refusing a length beyond what the stream holds.</summary>
    public void Skip(long length)
    {
        CheckAvailable(length);
        var inBuffer = Math.Min(length, _end - _start);
        _start += (int)inBuffer;
        var left = length - inBuffer;
        if (left == 0)
        {
            return;
        }

        if (CanSeek)
        {
            _bufferOrigin += _end + left;
            _start = _end = 0;
            _stream.Seek(_bufferOrigin, SeekOrigin.Begin);
            return;
        }

        while (left > 0)
        {
            var n = (int)Math.Min(left, _buffer.Length);
            if (!Ensure(n))
            {
                throw Truncated();
            }

            _start += n;
            left -= n;
        }
    }

    /// <summary>Throws when fewer than <paramref name="length"/> bytes remain in a stream of known length.</summary>
    public void CheckAvailable(long length)
    {
        if (length < 0 || length > Remaining)
        {
            // The length itself is not quoted: one that runs past the end is most likely four bytes of something else.
            throw new DicomFormatException(
                FormattableString.Invariant($"a value length runs past the end of the data ({Remaining} bytes left)"), _path, Position);
        }
    }

    public DicomFormatException Error(string reason, long? offset = null) => new(reason, _path, offset ?? Position);

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private void Fill(Span<byte> destination)
    {
        var begin = Position;
        var fromBuffer = Math.Min(destination.Length, _end - _start);
        _buffer.AsSpan(_start, fromBuffer).CopyTo(destination);
        _start += fromBuffer;
        var rest = destination[fromBuffer..];
        if (rest.IsEmpty)
        {
            return;
        }

        // The buffer is empty now: read the rest straight into the destination.
        while (rest.Length > 0)
        {
            var read = _stream.Read(rest);
            if (read <= 0)
            {
                _bufferOrigin = begin + (destination.Length - rest.Length);
                _start = _end = 0;
                throw Truncated();
            }

            rest = rest[read..];
        }

        _bufferOrigin = begin + destination.Length;
        _start = _end = 0;
    }

    private DicomFormatException Truncated() => new("unexpected end of data (file truncated?)", _path, Position);
}
