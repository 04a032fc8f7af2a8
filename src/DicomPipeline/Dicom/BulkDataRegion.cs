using System.Buffers;
using System.Buffers.Binary;

namespace DicomPipeline.Dicom;

/// <summary>
/// A value left in its source file: the reader records where it is instead of loading it, so that pixel data of any
/// size is copied stream to stream.
/// </summary>
internal sealed class BulkDataRegion
{
    public BulkDataRegion(string path, long offset, long length, bool sourceBigEndian, int unitSize)
    {
        Path = path;
        Offset = offset;
        Length = length;
        SourceBigEndian = sourceBigEndian && unitSize > 1;
        UnitSize = unitSize;
    }

    public string Path { get; }

    public long Offset { get; }

    public long Length { get; }

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
        using var stream = OpenSource();
        stream.Seek(Offset, SeekOrigin.Begin);
        stream.ReadExactly(bytes);
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
        if (!swap && destination is FileStream file && KernelFileCopy.TryCopy(Path, Offset, Length, file))
        {
            return;
        }

        var synchronousDestination = destination is FileStream { IsAsync: false };
        var stream = OpenSource();
        await using (stream.ConfigureAwait(false))
        {
            stream.Seek(Offset, SeekOrigin.Begin);
            var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
            try
            {
                var remaining = Length;
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
