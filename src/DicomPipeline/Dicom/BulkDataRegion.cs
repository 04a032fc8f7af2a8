using System.Buffers;
using System.Buffers.Binary;

namespace DicomPipeline.Dicom;

/// <summary>
/// A value left in its source file: the reader records where it is instead of loading it, so that pixel data of any
/// size is copied stream to stream. A region may also be a shorter part of what the file holds (<see cref="Slice"/>) or
/// start with a few bytes held in memory before the file's bytes (<see cref="WithHead"/>): that is how a value is cut
/// or a compressed stream's header rewritten while the bulk of it is still copied from the file.
/// </summary>
internal sealed class BulkDataRegion
{
    private readonly byte[] _head;

    public BulkDataRegion(string path, long offset, long length, bool sourceBigEndian, int unitSize)
        : this(path, offset, length, sourceBigEndian, unitSize, [])
    {
    }

    private BulkDataRegion(string path, long offset, long fileLength, bool sourceBigEndian, int unitSize, byte[] head)
    {
        Path = path;
        Offset = offset;
        FileLength = fileLength;
        SourceBigEndian = sourceBigEndian && unitSize > 1;
        UnitSize = unitSize;
        _head = head;
    }

    public string Path { get; }

    /// <summary>Where the file's part of the value starts in the file.</summary>
    public long Offset { get; }

    /// <summary>How many bytes of the value come from the file (after the head).</summary>
    public long FileLength { get; }

    /// <summary>The value's length: the head held in memory, then the bytes from the file.</summary>
    public long Length => _head.Length + FileLength;

    /// <summary>The first <paramref name="length"/> bytes of this value, still in the file (bytes after them are never read).</summary>
    public BulkDataRegion Slice(long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, FileLength);
        if (_head.Length > 0)
        {
            throw new InvalidOperationException("A value that starts with bytes in memory is not cut again.");
        }

        return new BulkDataRegion(Path, Offset, length, SourceBigEndian, UnitSize, []);
    }

    /// <summary>
    /// A value that starts with <paramref name="head"/> (little endian) and goes on with this one's bytes from
    /// <paramref name="skip"/> on: a rewritten header in front of the untouched rest.
    /// </summary>
    public BulkDataRegion WithHead(byte[] head, long skip)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(skip, FileLength);
        if (_head.Length > 0 || UnitSize > 1)
        {
            throw new InvalidOperationException("Only a byte value that has no head yet can be given one.");
        }

        return new BulkDataRegion(Path, Offset + skip, FileLength - skip, SourceBigEndian, UnitSize, head);
    }

    /// <summary>
    /// Reads up to <paramref name="destination"/>'s length of the value from <paramref name="position"/> (little endian
    /// only for byte values: the payload readers look at OB fragments and byte streams), through <paramref name="source"/>
    /// when it is this region's file already open.
    /// </summary>
    /// <returns>How many bytes were read (fewer at the end of the value).</returns>
    public int Read(long position, Span<byte> destination, Stream? source = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        var total = 0;
        if (position < _head.Length)
        {
            var fromHead = (int)Math.Min(_head.Length - position, destination.Length);
            _head.AsSpan((int)position, fromHead).CopyTo(destination);
            total = fromHead;
            destination = destination[fromHead..];
            position += fromHead;
        }

        var inFile = position - _head.Length;
        var count = (int)Math.Min(destination.Length, Math.Max(0, FileLength - inFile));
        if (count == 0)
        {
            return total;
        }

        var stream = source ?? OpenSource();
        try
        {
            stream.Seek(Offset + inFile, SeekOrigin.Begin);
            stream.ReadExactly(destination[..count]);
        }
        finally
        {
            if (source is null)
            {
                stream.Dispose();
            }
        }

        return total + count;
    }

    /// <summary>Opens this region's file for <see cref="Read"/>.</summary>
    public FileStream OpenForReading() => OpenSource();

    /// <summary>Whether the bytes in the file are big endian words that must be swapped to be little endian.</summary>
    public bool SourceBigEndian { get; }

    public int UnitSize { get; }

    /// <summary>Loads the value into memory, little endian.</summary>
    public byte[] ReadAll()
    {
        if (Length > Array.MaxLength)
        {
            throw new InvalidOperationException("The value is too large to hold in memory; copy it as a stream instead.");
        }

        var bytes = new byte[Length];
        _head.CopyTo(bytes, 0);
        using var stream = OpenSource();
        stream.Seek(Offset, SeekOrigin.Begin);
        stream.ReadExactly(bytes.AsSpan(_head.Length));
        if (SourceBigEndian)
        {
            SwapInPlace(bytes, UnitSize);
        }

        return bytes;
    }

    /// <summary>Copies the value to <paramref name="destination"/> in the requested byte order.</summary>
    public async ValueTask CopyToAsync(Stream destination, bool bigEndian, CancellationToken cancellationToken)
    {
        var swap = UnitSize > 1 && SourceBigEndian != bigEndian;
        var synchronousDestination = destination is FileStream { IsAsync: false };
        if (_head.Length > 0)
        {
            // Only byte values have a head (WithHead), so it never needs swapping.
            if (synchronousDestination)
            {
                destination.Write(_head);
            }
            else
            {
                await destination.WriteAsync(_head, cancellationToken).ConfigureAwait(false);
            }
        }

        if (!swap && destination is FileStream file && KernelFileCopy.TryCopy(Path, Offset, FileLength, file))
        {
            return;
        }

        var stream = OpenSource();
        await using (stream.ConfigureAwait(false))
        {
            stream.Seek(Offset, SeekOrigin.Begin);
            var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
            try
            {
                var remaining = FileLength;
                while (remaining > 0)
                {
                    var chunk = (int)Math.Min(remaining, buffer.Length - (buffer.Length % 8));
                    // The source is a local file read synchronously, as the reader does; so is a destination file
                    // opened for synchronous I/O (its WriteAsync would only queue the same call to the thread pool).
                    cancellationToken.ThrowIfCancellationRequested();
                    stream.ReadExactly(buffer, 0, chunk);
                    if (swap)
                    {
                        SwapInPlace(buffer.AsSpan(0, chunk), UnitSize);
                    }

                    if (synchronousDestination)
                    {
                        destination.Write(buffer, 0, chunk);
                    }
                    else
                    {
                        await destination.WriteAsync(buffer.AsMemory(0, chunk), cancellationToken).ConfigureAwait(false);
                    }
                    remaining -= chunk;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>Reverses the byte order of each <paramref name="unitSize"/>-byte word.</summary>
    public static void SwapInPlace(Span<byte> bytes, int unitSize)
    {
        var whole = bytes.Length - (bytes.Length % unitSize);
        switch (unitSize)
        {
            case 2:
                BinaryPrimitives.ReverseEndianness(
                    System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ushort>(bytes[..whole]),
                    System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ushort>(bytes[..whole]));
                break;
            case 4:
                BinaryPrimitives.ReverseEndianness(
                    System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(bytes[..whole]),
                    System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(bytes[..whole]));
                break;
            case 8:
                BinaryPrimitives.ReverseEndianness(
                    System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(bytes[..whole]),
                    System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(bytes[..whole]));
                break;
            default:
                break;
        }
    }

    private FileStream OpenSource() =>
        new(Path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.Read, BufferSize = 0, Options = FileOptions.SequentialScan });
}
