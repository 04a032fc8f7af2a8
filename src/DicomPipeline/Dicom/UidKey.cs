using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace DicomPipeline.Dicom;

/// <summary>
/// A UID kept as the first 16 bytes of the SHA-256 of its characters, for sets that must hold very many UIDs in little
/// memory (the run's claimed instances, a destination's sent record): a tenth of the string's size, and two different
/// UIDs share a key with a chance of about n²/2¹²⁹, for a billion UIDs below 10⁻²⁰. Held in memory only; never written.
/// </summary>
internal static class UidKey
{
    /// <summary>The key of <paramref name="uid"/>.</summary>
    /// <param name="uid">The UID's characters (UIDs are ASCII).</param>
    /// <returns>The 128-bit key.</returns>
    public static UInt128 Of(string uid)
    {
        var length = Encoding.UTF8.GetByteCount(uid);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            return Of(rented.AsSpan(0, Encoding.UTF8.GetBytes(uid, rented)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The key of a UID given as its bytes.</summary>
    /// <param name="uid">The UID's bytes.</param>
    /// <returns>The 128-bit key.</returns>
    public static UInt128 Of(ReadOnlySpan<byte> uid)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(uid, digest);
        return BinaryPrimitives.ReadUInt128LittleEndian(digest);
    }
}
