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
    /// Slots of the recent-UID memory (a power of two). Study, series and frame-of-reference UIDs repeat from file to
    /// file, instance UIDs do not: each UID has one slot (by its hash), a new one takes it over, so the memory stays small
    /// and what it drops is young. A memory of thousands of UIDs kept each for thousands of files, long enough for the
    /// collector to move them to its oldest generation, where they lay as garbage once dropped and the heap grew with
    /// the files of the run.
    /// </summary>
    private const int RecentUidSlots = 64;

    /// <summary>
    /// Slots of the recent-patient memory (a power of two), for the pseudonyms and date shift: a folder holds a patient's
    /// files one series after another, so the patient of the last files is nearly always the next one's, and each file
    /// had cost two HMACs for values its predecessor had already derived.
    /// </summary>
    private const int RecentPatientSlots = 8;

    private readonly byte[] _key;

    // Keyed HMACs of this generator, taken by one caller at a time and put back: the key is set up once per HMAC, not
    // once per value, and the pool holds about as many as there are workers. They belong to the generator (no thread
    // carries one from a run to the next); their handles are released with it.
    private readonly ConcurrentBag<IncrementalHash> _hmacs = [];
    private readonly RecentValues<string> _recentUids = new(RecentUidSlots);
    private readonly RecentValues<PatientPseudonym> _recentPatients = new(RecentPatientSlots);
    private readonly RecentValues<int> _recentShifts = new(RecentPatientSlots);

    public PseudonymGenerator(string secret)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(secret);
        _key = Encoding.UTF8.GetBytes(secret);
    }

    /// <summary><c>2.25.</c> followed by the first 16 bytes of HMAC(secret, uid) read as an unsigned 128-bit integer.</summary>
    public string Uid(string originalUid)
    {
        if (_recentUids.TryGet(originalUid, out var remembered))
        {
            return remembered;
        }

        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Hash(originalUid, hash);
        var value = BinaryPrimitives.ReadUInt128BigEndian(hash[..16]);
        var uid = "2.25." + value.ToString(CultureInfo.InvariantCulture);
        _recentUids.Remember(originalUid, uid);
        return uid;
    }

    /// <summary>PatientID <c>ANON-</c> + 10 base32 characters of HMAC(secret, "patient:" + key); the name <c>ANON^</c> + the same.</summary>
    public PatientPseudonym Patient(string patientKey)
    {
        if (_recentPatients.TryGet(patientKey, out var remembered))
        {
            return remembered;
        }

        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Hash("patient:" + patientKey, hash);
        var bits = BinaryPrimitives.ReadUInt64BigEndian(hash);
        Span<char> code = stackalloc char[10];
        for (var i = 0; i < code.Length; i++)
        {
            code[i] = Base32Alphabet[(int)(bits >> (59 - (5 * i))) & 31];
        }

        var text = new string(code);
        var pseudonym = new PatientPseudonym("ANON-" + text, "ANON^" + text);
        _recentPatients.Remember(patientKey, pseudonym);
        return pseudonym;
    }

    /// <summary>A shift of -1 to -<see cref="MaxDateShiftDays"/> days from HMAC(secret, "dateshift:" + key).</summary>
    public int DateShiftDays(string patientKey)
    {
        if (_recentShifts.TryGet(patientKey, out var remembered))
        {
            return remembered;
        }

        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Hash("dateshift:" + patientKey, hash);
        var days = -1 - (int)(BinaryPrimitives.ReadUInt32BigEndian(hash) % MaxDateShiftDays);
        _recentShifts.Remember(patientKey, days);
        return days;
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

    /// <summary>
    /// What was derived for the last keys: one slot per key, by its hash, a new key taking the slot over. A slot holds one
    /// immutable pair, read and replaced whole: no lock, and a race only costs a hash.
    /// </summary>
    private sealed class RecentValues<TValue>(int slots)
    {
        private readonly Entry?[] _slots = new Entry?[slots];

        public bool TryGet(string key, out TValue value)
        {
            if (Volatile.Read(ref SlotOf(key)) is { } entry && string.Equals(entry.Key, key, StringComparison.Ordinal))
            {
                value = entry.Value;
                return true;
            }

            value = default!;
            return false;
        }

        public void Remember(string key, TValue value) => Volatile.Write(ref SlotOf(key), new Entry(key, value));

        private ref Entry? SlotOf(string key) => ref _slots[key.GetHashCode() & (_slots.Length - 1)];

        private sealed record Entry(string Key, TValue Value);
    }
}
