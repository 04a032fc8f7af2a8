using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using DicomPipeline.Dicom;

namespace DicomPipeline.Anonymization.Sweep;

/// <summary>
/// The identifying values one instance's collector found (<see cref="InstanceNeedleCollector"/>), kept as the elements
/// that hold them, and the key of their combination made of their raw bytes: the kind, the VR, the bytes of each value
/// and the character sets declared around them, which together decide the decoded text exactly. The files of a series
/// repeat the same combination, so its <see cref="NeedleSet"/> is found by that key without decoding a single value;
/// the values are decoded to text, and the set made, only when the combination is new.
/// </summary>
internal sealed class NeedleSource : IDisposable
{
    private const byte ValueMark = (byte)'V';
    private const byte CharacterSetMark = (byte)'C';
    private const byte CharacterSetEndMark = (byte)'c';

    private readonly NeedleCaches _caches;
    private readonly List<(NeedleKind Kind, DicomDataset Dataset, DicomEntry Element)> _values = [];
    private byte[] _key = ArrayPool<byte>.Shared.Rent(1024);
    private int _keyLength;

    /// <summary>A source whose combinations are remembered in <paramref name="caches"/> (its anonymizer's).</summary>
    public NeedleSource(NeedleCaches caches) => _caches = caches;

    /// <summary>The instance's UIDs the registry does not define, each trimmed, as bytes of the source.</summary>
    public List<ReadOnlyMemory<byte>> Uids { get; } = [];

    /// <summary>A value of <paramref name="kind"/> held by <paramref name="element"/> of <paramref name="dataset"/>.</summary>
    public void Add(NeedleKind kind, DicomDataset dataset, in DicomEntry element)
    {
        var bytes = element.MemoryBytes.Span;
        var code = element.VR.Code;
        var header = Reserve(8 + bytes.Length);
        header[0] = ValueMark;
        header[1] = (byte)kind;
        header[2] = (byte)code[0];
        header[3] = (byte)code[1];
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], bytes.Length);
        bytes.CopyTo(header[8..]);
        _values.Add((kind, dataset, element));
    }

    /// <summary>The values of a UI (several joined by backslashes): each trimmed, those the registry does not define.</summary>
    public void AddUids(ReadOnlyMemory<byte> value)
    {
        var span = value.Span;
        Span<char> chars = stackalloc char[64];
        foreach (var range in span.Split((byte)'\\'))
        {
            var (offset, length) = range.GetOffsetAndLength(span.Length);
            var one = span.Slice(offset, length);
            var start = one.IndexOfAnyExcept(" \0"u8);
            if (start < 0)
            {
                continue;
            }

            var end = one.LastIndexOfAnyExcept(" \0"u8) + 1;
            var uid = value.Slice(offset + start, end - start);
            if (uid.Length <= chars.Length)
            {
                var count = System.Text.Encoding.Latin1.GetChars(uid.Span, chars);
                if (DicomUidRegistry.Contains(chars[..count]))
                {
                    continue;
                }
            }
            else if (DicomUidRegistry.Contains(System.Text.Encoding.Latin1.GetString(uid.Span)))
            {
                continue;
            }

            Uids.Add(uid);
        }
    }

    /// <summary>The values that follow are decoded by the Specific Character Set <paramref name="declared"/> (until <see cref="LeaveCharacterSet"/>).</summary>
    public void EnterCharacterSet(ReadOnlySpan<byte> declared)
    {
        var header = Reserve(5 + declared.Length);
        header[0] = CharacterSetMark;
        BinaryPrimitives.WriteInt32LittleEndian(header[1..], declared.Length);
        declared.CopyTo(header[5..]);
    }

    /// <summary>The dataset that declared the last character set ends.</summary>
    public void LeaveCharacterSet() => Reserve(1)[0] = CharacterSetEndMark;

    /// <summary>The set of this combination: the one remembered for the same raw key, or made now from the decoded values.</summary>
    public NeedleSet SetOf()
    {
        if (_values.Count == 0)
        {
            return NeedleSet.Empty;
        }

        var key = _key.AsSpan(0, _keyLength);
        if (_caches.SetLookup.TryGetValue(key, out var set))
        {
            return set;
        }

        var builder = new IdentifierNeedleBuilder(_caches.Expansions);
        foreach (var (kind, dataset, element) in _values)
        {
            var text = Decode(dataset, element);
            if (!string.IsNullOrWhiteSpace(text))
            {
                builder.Add(kind, text);
            }
        }

        set = new NeedleSet(builder);
        if (_caches.Sets.Count < NeedleCaches.MaximumCachedSets)
        {
            _caches.SetLookup.TryAdd(key, set);
        }

        return set;
    }

    /// <summary>Gives the key's buffer back.</summary>
    public void Dispose()
    {
        var key = _key;
        _key = [];
        if (key.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(key);
        }
    }

    private static string? Decode(DicomDataset dataset, in DicomEntry element)
    {
        if (!element.VR.IsString)
        {
            // UN, or a name, ID or date the file wrote as OB: UTF-8 when the bytes are, else Latin-1 (ASCII either way).
            var bytes = element.MemoryBytes.Span;
            var text = System.Text.Unicode.Utf8.IsValid(bytes) ? System.Text.Encoding.UTF8.GetString(bytes) : DicomDataset.DecodeAscii(bytes);
            return text.TrimEnd(' ', '\0');
        }

        return dataset.DecodeString(element);
    }

    private Span<byte> Reserve(int count) => PooledBytes.Reserve(ref _key, ref _keyLength, count);

    /// <summary>Raw keys compared byte for byte, looked up by span without making an array.</summary>
    internal sealed class RawKeyComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static RawKeyComparer Instance { get; } = new();

        public bool Equals(byte[]? x, byte[]? y) => x is null ? y is null : y is not null && x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => GetHashCode((ReadOnlySpan<byte>)obj);

        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<byte> alternate)
        {
            // FNV-1a over 8-byte words (the tail byte by byte): the keys are a few hundred bytes, compared exactly on a hit.
            var hash = 14695981039346656037UL;
            var words = MemoryMarshal.Cast<byte, ulong>(alternate);
            foreach (var word in words)
            {
                hash = (hash ^ word) * 1099511628211UL;
            }

            foreach (var b in alternate[(words.Length * 8)..])
            {
                hash = (hash ^ b) * 1099511628211UL;
            }

            return (int)(hash ^ (hash >> 32));
        }

        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
    }
}
