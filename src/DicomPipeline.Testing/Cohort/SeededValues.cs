using System.Buffers.Binary;
using System.Globalization;

namespace DicomPipeline.Testing.Cohort;

/// <summary>
/// The corpus's one source of randomness: the generator seeded from <see cref="SynthesisOptions.Seed"/>, and the
/// UIDs and identifiers drawn from it, none repeated. Every draw happens in a fixed order, so a seed always gives the
/// same corpus.
/// </summary>
internal sealed class SeededValues(int seed)
{
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public Random Random { get; } = new(seed);

    /// <summary>A UID under the 2.25 root (PS3.5 B.2): a 128-bit number drawn from the seeded generator, never repeated.</summary>
    public string NewUid()
    {
        Span<byte> bytes = stackalloc byte[16];
        while (true)
        {
            Random.NextBytes(bytes);
            var value = BinaryPrimitives.ReadUInt128LittleEndian(bytes);
            var uid = "2.25." + value.ToString(CultureInfo.InvariantCulture);
            if (value != UInt128.Zero && _used.Add(uid))
            {
                return uid;
            }
        }
    }

    /// <summary>An identifier: a prefix and random digits, never repeated.</summary>
    public string UniqueId(string prefix, int digits)
    {
        var low = (int)Math.Pow(10, digits - 1);
        while (true)
        {
            var id = prefix + Random.Next(low, low * 10).ToString(CultureInfo.InvariantCulture);
            if (_used.Add(id))
            {
                return id;
            }
        }
    }
}
