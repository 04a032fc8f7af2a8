using System.Buffers;
using System.Collections.Concurrent;
using System.Text;

namespace DicomPipeline.Dicom;

/// <summary>
/// The character repertoires named by Specific Character Set (0008,0005) (PS3.3 C.12.1.1.2), used to decode and
/// encode the values of SH, LO, ST, LT, PN, UC and UT, including ISO/IEC 2022 code extensions (PS3.5 section 6.1).
/// </summary>
/// <remarks>
/// <para>
/// Decoding never throws: bytes that the repertoire does not define become U+FFFD, bytes above 0x7F in the default
/// repertoire (or in GR while no G1 set is designated) are read as Latin-1, and escape sequences that are not
/// recognised are kept as text. Any recognised escape sequence is honoured, even for a set the Specific Character Set
/// does not name, and values without any escape sequence labelled <c>ISO_IR 13</c> are read as Shift_JIS (a superset
/// of the 8-bit JIS X 0201 code table) since that is what mislabelled Japanese data usually holds.
/// </para>
/// <para>
/// Following PS3.5 6.1.2.5.3, the designations return to their initial state (those of value 1) at every control
/// character (CR, LF, FF, TAB …), at the backslash between values of multi-valued VRs and at the <c>^</c> and
/// <c>=</c> delimiters of PN. The encoder writes the escape sequences these rules require.
/// </para>
/// <para>
/// JIS X 0201 romaji bytes 05/12 and 07/14 are read as the ASCII backslash and tilde (not yen sign and overline), so
/// that the backslash still separates values.
/// </para>
/// <para>
/// This file holds the decoding and encoding; the defined terms and the escape sequences they stand for are a table in
/// <c>DicomCharacterSet.Terms.cs</c>, and the code elements that turn bytes into characters are in
/// <c>DicomCharacterSet.CodeElements.cs</c>.
/// </para>
/// </remarks>
internal sealed partial class DicomCharacterSet
{
    private const byte Esc = 0x1B;
    private const int MaxCachedSets = 512;

    private static readonly ConcurrentDictionary<string, DicomCharacterSet> Cache = new(StringComparer.Ordinal);

    private readonly Encoding? _unicodeDecoding;
    private readonly Encoding? _unicodeEncoding;
    private readonly Encoding? _fastEncoding;
    private readonly SingleByteElement? _fastTable;
    private readonly CodeElement _initialG0;
    private readonly CodeElement? _initialG1;
    private readonly CodeElement? _initialG1ForEncoding;
    private readonly Designation[] _designations;

    private DicomCharacterSet(string[] terms)
    {
        Terms = Array.AsReadOnly(terms);

        var first = terms.Length == 0 ? DefinedTerms.Default : Lookup(terms[0]) ?? DefinedTerms.Default;
        _initialG0 = CodeElements.Ascii;
        _designations = [];
        if (first.Scheme != Scheme.Iso2022)
        {
            IsUtf8 = first.Scheme == Scheme.Utf8;
            (_unicodeDecoding, _unicodeEncoding) = first.Scheme switch
            {
                Scheme.Utf8 => ((Encoding)new UTF8Encoding(false, false), (Encoding)new UTF8Encoding(false, true)),
                Scheme.Gb18030 => (CodePage(54936, false), CodePage(54936, true)),
                _ => (CodePage(936, false), CodePage(936, true)),
            };
            return;
        }

        // Value 1 gives the initial G0 and G1. A multi-byte set as value 1 is not how PS3.3 uses it, but occurs:
        // the Korean and Chinese G1 sets are then taken as designated from the start when reading.
        _initialG0 = first.G0 is { IsDoubleByte: false } g0 ? g0 : CodeElements.Ascii;
        _initialG1 = first.G1;
        _initialG1ForEncoding = first.G1 is { IsDoubleByte: false } g1 ? g1 : null;

        if (first.G0 == CodeElements.Romaji)
        {
            _fastEncoding = CodePage(932, false);
        }
        else if (_initialG1 is null)
        {
            _fastEncoding = Encoding.Latin1;
        }
        else if (_initialG1 is SingleByteElement table)
        {
            _fastTable = table;
        }

        var designations = new List<Designation> { new(_initialG0, false) };
        if (_initialG1ForEncoding is not null)
        {
            designations.Add(new(_initialG1ForEncoding, true));
        }

        foreach (var term in terms)
        {
            if (Lookup(term) is not { Scheme: Scheme.Iso2022 } definition)
            {
                continue;
            }

            if (definition.G0 is not null && !designations.Contains(new(definition.G0, false)))
            {
                designations.Add(new(definition.G0, false));
            }

            if (definition.G1 is not null && !designations.Contains(new(definition.G1, true)))
            {
                designations.Add(new(definition.G1, true));
            }
        }

        _designations = [.. designations];
    }

    private enum Scheme
    {
        Iso2022,
        Utf8,
        Gb18030,
        Gbk,
    }

    /// <summary>The default repertoire, ISO-IR 6 (ASCII); bytes above 0x7F are read as Latin-1.</summary>
    public static DicomCharacterSet Default { get; } = new([]);

    /// <summary>The values of Specific Character Set this instance was made from, as given.</summary>
    public IReadOnlyList<string> Terms { get; }

    /// <summary>True when value 1 is <c>ISO_IR 192</c> (Unicode in UTF-8).</summary>
    public bool IsUtf8 { get; }

    /// <summary>
    /// The character set for the values of Specific Character Set (0008,0005). Instances are shared per distinct
    /// list. Terms that are not known are ignored (an unknown value 1 means the default repertoire); never throws for
    /// any content.
    /// </summary>
    /// <param name="terms">The values of (0008,0005); may be empty, and value 1 may be empty.</param>
    /// <returns>The character set.</returns>
    public static DicomCharacterSet FromSpecificCharacterSet(IReadOnlyList<string> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        if (terms.Count == 0)
        {
            return Default;
        }

        var copy = new string[terms.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = terms[i] ?? string.Empty;
        }

        var key = string.Join('\\', copy);
        if (Cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var created = new DicomCharacterSet(copy);
        return Cache.Count < MaxCachedSets ? Cache.GetOrAdd(key, created) : created;
    }

    /// <summary>Decodes a value (all of it, several values still joined by backslashes). Never throws for any bytes.</summary>
    /// <param name="bytes">The encoded bytes, padding included or not.</param>
    /// <param name="vr">The VR, which decides which delimiters reset ISO 2022 designations.</param>
    /// <returns>The text; bytes that cannot be decoded become U+FFFD.</returns>
    public string Decode(ReadOnlySpan<byte> bytes, DicomVR vr)
    {
        ArgumentNullException.ThrowIfNull(vr);
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }

        if (_unicodeDecoding is not null)
        {
            return _unicodeDecoding.GetString(bytes);
        }

        if (!bytes.Contains(Esc))
        {
            if (_fastEncoding is not null)
            {
                return _fastEncoding.GetString(bytes);
            }

            if (_fastTable is not null)
            {
                return DecodeSingleByte(bytes, _fastTable);
            }
        }

        return DecodeIso2022(bytes, vr);
    }

    /// <summary>
    /// Encodes a value in this character set: with value 1's repertoire where it suffices, otherwise (for code
    /// extensions) with escape sequences to the other sets named, returning to value 1's sets at every delimiter and
    /// at the end as PS3.5 6.1.2.5.3 requires. No padding is added.
    /// </summary>
    /// <param name="value">The text (several values joined by backslashes).</param>
    /// <param name="vr">The VR, which decides where designations must be reset.</param>
    /// <param name="bytes">The encoded bytes, or empty when false is returned.</param>
    /// <returns>False when some character cannot be represented (or the text holds a lone surrogate).</returns>
    public bool TryEncode(string value, DicomVR vr, out byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(vr);
        if (_unicodeEncoding is not null)
        {
            try
            {
                bytes = _unicodeEncoding.GetBytes(value);
                return true;
            }
            catch (EncoderFallbackException)
            {
                bytes = [];
                return false;
            }
        }

        return TryEncodeIso2022(value, vr, out bytes);
    }

    /// <inheritdoc/>
    public override string ToString() => Terms.Count == 0 ? "ISO_IR 6" : string.Join('\\', Terms);

    private static string DecodeSingleByte(ReadOnlySpan<byte> bytes, SingleByteElement g1)
    {
        var rented = ArrayPool<char>.Shared.Rent(bytes.Length);
        try
        {
            for (var i = 0; i < bytes.Length; i++)
            {
                var b = bytes[i];
                rented[i] = b < 0x80 ? (char)b : g1.Map(b);
            }

            return new string(rented, 0, bytes.Length);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    private static bool TryParseEscape(ReadOnlySpan<byte> bytes, out int length, out Designation designation)
    {
        // ESC, intermediate bytes 02/00-02/15, final byte 03/00-07/14 (ISO/IEC 2022).
        length = 0;
        designation = default;
        var end = 1;
        while (end < bytes.Length && end <= 4 && bytes[end] is >= 0x20 and <= 0x2F)
        {
            end++;
        }

        if (end == 1 || end >= bytes.Length || bytes[end] is < 0x30 or > 0x7E)
        {
            return false;
        }

        var body = bytes[1..(end + 1)];
        foreach (var (sequence, known) in CodeElements.EscapeSequences)
        {
            if (body.SequenceEqual(sequence))
            {
                length = end + 1;
                designation = known;
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a term of Specific Character Set is one the standard defines (or a common misspelling of one); an empty value 1 is.</summary>
    internal static bool IsKnownTerm(string term) => term.Trim().Length == 0 || Lookup(term) is not null;

    private static TermDefinition? Lookup(string term) =>
        DefinedTerms.ByName.TryGetValue(Canonical(term), out var definition) ? definition : null;

    private static string Canonical(string term)
    {
        var trimmed = term.Trim().ToUpperInvariant();
        if (DefinedTerms.ByName.ContainsKey(trimmed))
        {
            return trimmed;
        }

        // Common misspellings: "ISO-IR 100", "ISO IR 192", "ISO_2022_IR 87", "UTF-8".
        var compact = new StringBuilder(trimmed.Length);
        foreach (var c in trimmed)
        {
            if (c is not (' ' or '_' or '-' or '+'))
            {
                compact.Append(c);
            }
        }

        var text = compact.ToString();
        if (text.StartsWith("ISO2022IR", StringComparison.Ordinal) && IsDigits(text.AsSpan(9)))
        {
            return "ISO 2022 IR " + text[9..];
        }

        if (text.StartsWith("ISOIR", StringComparison.Ordinal) && IsDigits(text.AsSpan(5)))
        {
            return "ISO_IR " + text[5..];
        }

        return text == "UTF8" ? "ISO_IR 192" : text;
    }

    private static bool IsDigits(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExceptInRange('0', '9');

    private static Encoding CodePage(int codePage, bool strict)
    {
        var encoderFallback = strict ? EncoderFallback.ExceptionFallback : new EncoderReplacementFallback(string.Empty);
        var decoderFallback = new DecoderReplacementFallback("\uFFFD");
        return CodePagesEncodingProvider.Instance.GetEncoding(codePage, encoderFallback, decoderFallback)
            ?? Encoding.GetEncoding(codePage, encoderFallback, decoderFallback);
    }

    /// <summary>A graphic character set designated to G0 or G1.</summary>
    private readonly record struct Designation(CodeElement Element, bool IsG1);

    /// <summary>A growable byte buffer for the encoder.</summary>
    private struct ByteBuilder(int capacity)
    {
        private byte[] _buffer = new byte[Math.Max(capacity, 16)];
        private int _length;

        public void Add(byte value)
        {
            if (_length == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            _buffer[_length++] = value;
        }

        public void AddEscape(byte[] sequence)
        {
            Add(Esc);
            foreach (var b in sequence)
            {
                Add(b);
            }
        }

        public void AddCodes(ReadOnlySpan<byte> codes, bool g1)
        {
            foreach (var code in codes)
            {
                Add(g1 ? (byte)(code | 0x80) : code);
            }
        }

        public readonly byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();
    }
}
