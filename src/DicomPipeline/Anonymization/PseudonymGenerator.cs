using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DicomPipeline.Anonymization;

/// <summary>
/// Everything derived from the secret with HMAC-SHA-256: new UIDs, patient pseudonyms and the per-patient date shift.
/// Deterministic across runs and machines for the same secret.
/// </summary>
internal sealed class PseudonymGenerator
{
    /// <summary>The largest date shift, in days (about ten years).</summary>
    public const int MaxDateShiftDays = 3652;

    private const string Base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary>
    /// How many recent UIDs are remembered. Study, series and frame-of-reference UIDs repeat from file to file, instance
    /// UIDs do not: a small memory, emptied when full, saves most of the hashing and keeps memory flat however many files.
    /// </summary>
    private const int RecentUidCapacity = 4096;

    private readonly byte[] _key;

    // Keyed HMACs of this generator, taken by one caller at a time and put back: the key is set up once per HMAC, not
    // once per value, and the pool holds about as many as there are workers. They belong to the generator (no thread
    // carries one from a run to the next); their handles are released with it.
    private readonly ConcurrentBag<IncrementalHash> _hmacs = [];
    private readonly ConcurrentDictionary<string, string> _recentUids = new(StringComparer.Ordinal);

    // Counted here: ConcurrentDictionary.Count takes every lock of the table, on the path of every new UID.
    private int _recentUidCount;

    public PseudonymGenerator(string secret)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(secret);
        _key = Encoding.UTF8.GetBytes(secret);
    }

    /// <summary><c>2.25.</c> followed by the first 16 bytes of HMAC(secret, uid) read as an unsigned 128-bit integer.</summary>
    public string Uid(string originalUid)
    {
        if (_recentUids.TryGetValue(originalUid, out var known))
        {
            return known;
        }

        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Hash(originalUid, hash);
        var value = BinaryPrimitives.ReadUInt128BigEndian(hash[..16]);
        var uid = "2.25." + value.ToString(CultureInfo.InvariantCulture);
        if (Interlocked.Increment(ref _recentUidCount) > RecentUidCapacity)
        {
            _recentUids.Clear();
            Interlocked.Exchange(ref _recentUidCount, 1);
        }

        _recentUids.TryAdd(originalUid, uid);
        return uid;
    }

    /// <summary>PatientID <c>ANON-</c> + 10 base32 characters of HMAC(secret, "patient:" + key); the name <c>ANON^</c> + the same.</summary>
    public PatientPseudonym Patient(string patientKey)
    {
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Hash("patient:" + patientKey, hash);
        var bits = BinaryPrimitives.ReadUInt64BigEndian(hash);
        Span<char> code = stackalloc char[10];
        for (var i = 0; i < code.Length; i++)
        {
            code[i] = Base32Alphabet[(int)(bits >> (59 - (5 * i))) & 31];
        }

        var text = new string(code);
        return new PatientPseudonym("ANON-" + text, "ANON^" + text);
    }

    /// <summary>A shift of -1 to -<see cref="MaxDateShiftDays"/> days from HMAC(secret, "dateshift:" + key).</summary>
    public int DateShiftDays(string patientKey)
    {
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Hash("dateshift:" + patientKey, hash);
        return -1 - (int)(BinaryPrimitives.ReadUInt32BigEndian(hash) % MaxDateShiftDays);
    }

    /// <summary>16 upper-case hexadecimal digits of HMAC(secret, "hash:" + value): a site rule's Hash action.</summary>
    public string Hash(string value)
    {
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Hash("hash:" + value, hash);
        return Convert.ToHexString(hash[..8]);
    }

    private void Hash(string text, Span<byte> destination)
    {
        var length = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = null;
        var bytes = length <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Encoding.UTF8.GetBytes(text, bytes);
            if (!_hmacs.TryTake(out var hmac))
            {
                hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
            }

            hmac.AppendData(bytes[..written]);
            hmac.GetHashAndReset(destination);
            _hmacs.Add(hmac);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
