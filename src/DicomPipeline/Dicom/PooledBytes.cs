using System.Buffers;

namespace DicomPipeline.Dicom;

/// <summary>
/// A byte buffer rented from <see cref="ArrayPool{T}.Shared"/> that grows as it is written: the writer's output buffer
/// and the sweep's needle-cache key both append to one this way.
/// </summary>
internal static class PooledBytes
{
    /// <summary>
    /// Reserves <paramref name="length"/> bytes after the <paramref name="count"/> already written, renting a larger array
    /// (at least twice the size) and returning the old one to the pool when they do not fit.
    /// </summary>
    /// <param name="buffer">The rented array; replaced when it grows.</param>
    /// <param name="count">The bytes written so far; advanced by <paramref name="length"/>.</param>
    /// <param name="length">How many bytes to reserve.</param>
    /// <returns>The reserved bytes, to be written by the caller.</returns>
    public static Span<byte> Reserve(ref byte[] buffer, ref int count, int length)
    {
        if (count + length > buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(buffer.Length * 2, count + length));
            buffer.AsSpan(0, count).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = larger;
        }

        var reserved = buffer.AsSpan(count, length);
        count += length;
        return reserved;
    }
}
