using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Frozen;
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
/// </remarks>
internal sealed class DicomCharacterSet
{
    private const byte Esc = 0x1B;
    private const int MaxCachedSets = 512;

    private static readonly ConcurrentDictionary<string, DicomCharacterSet> Cache = new(StringComparer.Ordinal);

    private static readonly TermDefinition DefaultDefinition = new(Scheme.Iso2022, CodeElements.Ascii, null);

    private static readonly FrozenDictionary<string, TermDefinition> Definitions = CreateDefinitions();

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

        var first = terms.Length == 0 ? DefaultDefinition : Lookup(terms[0]) ?? DefaultDefinition;
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

    private string DecodeIso2022(ReadOnlySpan<byte> bytes, DicomVR vr)
    {
        var isPersonName = vr == DicomVR.PN;
        var isMultiValued = vr.IsMultiValuedString;
        var rented = ArrayPool<char>.Shared.Rent(bytes.Length);
        try
        {
            // Every byte gives at most one character, so the output never outgrows the input.
            var output = rented.AsSpan(0, bytes.Length);
            var written = 0;
            var g0 = _initialG0;
            var g1 = _initialG1;
            var i = 0;
            while (i < bytes.Length)
            {
                var b = bytes[i];
                if (b == Esc)
                {
                    if (TryParseEscape(bytes[i..], out var length, out var designation))
                    {
                        if (designation.IsG1)
                        {
                            g1 = designation.Element;
                        }
                        else
                        {
                            g0 = designation.Element;
                        }

                        i += length;
                    }
                    else
                    {
                        output[written++] = (char)Esc;
                        i++;
                    }

                    continue;
                }

                if (b < 0x20)
                {
                    // CR, LF, FF, TAB and every other control character: back to the initial designations.
                    output[written++] = (char)b;
                    g0 = _initialG0;
                    g1 = _initialG1;
                    i++;
                    continue;
                }

                if (b >= 0x80)
                {
                    var end = i + 1;
                    while (end < bytes.Length && bytes[end] >= 0x80)
                    {
                        end++;
                    }

                    var run = bytes[i..end];
                    if (g1 is null)
                    {
                        foreach (var raw in run)
                        {
                            output[written++] = (char)raw;
                        }
                    }
                    else
                    {
                        g1.Decode(run, output, ref written);
                    }

                    i = end;
                    continue;
                }

                if (b is 0x20 or 0x7F)
                {
                    output[written++] = (char)b;
                    i++;
                    continue;
                }

                if (g0.IsDoubleByte)
                {
                    var end = i + 1;
                    while (end < bytes.Length && bytes[end] is >= 0x21 and <= 0x7E)
                    {
                        end++;
                    }

                    g0.Decode(bytes[i..end], output, ref written);
                    i = end;
                    continue;
                }

                g0.Decode(bytes.Slice(i, 1), output, ref written);
                if (g0.IsAsciiCompatible && ((b == (byte)'\\' && isMultiValued) || (b is (byte)'^' or (byte)'=' && isPersonName)))
                {
                    g0 = _initialG0;
                    g1 = _initialG1;
                }

                i++;
            }

            return new string(output[..written]);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    private bool TryEncodeIso2022(string value, DicomVR vr, out byte[] bytes)
    {
        var isPersonName = vr == DicomVR.PN;
        var isMultiValued = vr.IsMultiValuedString;
        var output = new ByteBuilder(value.Length + 8);
        Span<byte> codes = stackalloc byte[4];
        var g0 = _initialG0;
        var g1 = _initialG1ForEncoding;
        var remaining = value.AsSpan();
        bytes = [];
        while (!remaining.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(remaining, out var rune, out var consumed) != OperationStatus.Done)
            {
                return false;
            }

            remaining = remaining[consumed..];
            var v = rune.Value;
            if (v < 0x20 || (v == '\\' && isMultiValued) || (v is '^' or '=' && isPersonName))
            {
                Restore(ref g0, ref g1, ref output);
                output.Add((byte)v);
                continue;
            }

            if (!TryEncodeRune(rune, codes, ref g0, ref g1, ref output))
            {
                return false;
            }
        }

        Restore(ref g0, ref g1, ref output);
        bytes = output.ToArray();
        return true;
    }

    private bool TryEncodeRune(Rune rune, Span<byte> codes, ref CodeElement g0, ref CodeElement? g1, ref ByteBuilder output)
    {
        var count = g0.Encode(rune, codes);
        if (count > 0)
        {
            output.AddCodes(codes[..count], false);
            return true;
        }

        if (g1 is not null && (count = g1.Encode(rune, codes)) > 0)
        {
            output.AddCodes(codes[..count], true);
            return true;
        }

        foreach (var designation in _designations)
        {
            if (designation.Element == (designation.IsG1 ? g1 : g0))
            {
                continue;
            }

            count = designation.Element.Encode(rune, codes);
            if (count == 0)
            {
                continue;
            }

            if (designation.IsG1)
            {
                output.AddEscape(designation.Element.G1Escape!);
                g1 = designation.Element;
            }
            else
            {
                output.AddEscape(designation.Element.G0Escape!);
                g0 = designation.Element;
            }

            output.AddCodes(codes[..count], designation.IsG1);
            return true;
        }

        return false;
    }

    private void Restore(ref CodeElement g0, ref CodeElement? g1, ref ByteBuilder output)
    {
        if (g0 != _initialG0)
        {
            output.AddEscape(_initialG0.G0Escape!);
            g0 = _initialG0;
        }

        if (g1 != _initialG1ForEncoding)
        {
            // With no G1 set in value 1 there is nothing to designate back: readers drop G1 at the delimiter.
            if (_initialG1ForEncoding is not null)
            {
                output.AddEscape(_initialG1ForEncoding.G1Escape!);
            }

            g1 = _initialG1ForEncoding;
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

    private static TermDefinition? Lookup(string term) =>
        Definitions.TryGetValue(Canonical(term), out var definition) ? definition : null;

    private static string Canonical(string term)
    {
        var trimmed = term.Trim().ToUpperInvariant();
        if (Definitions.ContainsKey(trimmed))
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

    private static FrozenDictionary<string, TermDefinition> CreateDefinitions()
    {
        var definitions = new Dictionary<string, TermDefinition>(StringComparer.Ordinal)
        {
            [string.Empty] = DefaultDefinition,
            ["ISO_IR 6"] = DefaultDefinition,
            ["ISO 2022 IR 6"] = DefaultDefinition,
            ["ISO_IR 13"] = new(Scheme.Iso2022, CodeElements.Romaji, CodeElements.Katakana),
            ["ISO 2022 IR 13"] = new(Scheme.Iso2022, CodeElements.Romaji, CodeElements.Katakana),
            ["ISO 2022 IR 87"] = new(Scheme.Iso2022, CodeElements.JisX0208, null),
            ["ISO 2022 IR 159"] = new(Scheme.Iso2022, CodeElements.JisX0212, null),
            ["ISO 2022 IR 149"] = new(Scheme.Iso2022, null, CodeElements.KsX1001),
            ["ISO 2022 IR 58"] = new(Scheme.Iso2022, null, CodeElements.Gb2312),
            ["ISO_IR 192"] = new(Scheme.Utf8, null, null),
            ["GB18030"] = new(Scheme.Gb18030, null, null),
            ["GBK"] = new(Scheme.Gbk, null, null),
        };

        foreach (var (number, element) in CodeElements.SingleByteSets)
        {
            definitions["ISO_IR " + number] = new(Scheme.Iso2022, CodeElements.Ascii, element);
            definitions["ISO 2022 IR " + number] = new(Scheme.Iso2022, CodeElements.Ascii, element);
        }

        return definitions.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static Encoding CodePage(int codePage, bool strict)
    {
        var encoderFallback = strict ? EncoderFallback.ExceptionFallback : new EncoderReplacementFallback(string.Empty);
        var decoderFallback = new DecoderReplacementFallback("\uFFFD");
        return CodePagesEncodingProvider.Instance.GetEncoding(codePage, encoderFallback, decoderFallback)
            ?? Encoding.GetEncoding(codePage, encoderFallback, decoderFallback);
    }

    /// <summary>What one defined term contributes: its scheme and, for ISO 2022, its G0 and G1 sets.</summary>
    private sealed record TermDefinition(Scheme Scheme, CodeElement? G0, CodeElement? G1);

    /// <summary>A graphic character set designated to G0 or G1.</summary>
    private readonly record struct Designation(CodeElement Element, bool IsG1);

    /// <summary>A graphic character set (code element) of ISO/IEC 2022.</summary>
    private abstract class CodeElement(byte[]? g0Escape, byte[]? g1Escape)
    {
        /// <summary>The bytes after ESC that designate this set to G0, when it can be.</summary>
        public byte[]? G0Escape { get; } = g0Escape;

        /// <summary>The bytes after ESC that designate this set to G1, when it can be.</summary>
        public byte[]? G1Escape { get; } = g1Escape;

        /// <summary>True for the 94×94 sets, two bytes a character.</summary>
        public virtual bool IsDoubleByte => false;

        /// <summary>True where the delimiters <c>\ ^ =</c> have their ASCII codes (ASCII and JIS X 0201 romaji).</summary>
        public virtual bool IsAsciiCompatible => false;

        /// <summary>Appends the characters for GL or GR bytes (only the low seven bits count).</summary>
        public abstract void Decode(ReadOnlySpan<byte> bytes, Span<char> output, ref int written);

        /// <summary>Writes the 7-bit codes for a character; returns their count, 0 when the set lacks it.</summary>
        public abstract int Encode(Rune rune, Span<byte> codes);
    }

    /// <summary>ISO-IR 6 (ASCII) or ISO-IR 14 (JIS X 0201 romaji, read and written as ASCII).</summary>
    private sealed class AsciiElement(byte[] g0Escape) : CodeElement(g0Escape, null)
    {
        public override bool IsAsciiCompatible => true;

        public override void Decode(ReadOnlySpan<byte> bytes, Span<char> output, ref int written)
        {
            foreach (var b in bytes)
            {
                output[written++] = (char)(b & 0x7F);
            }
        }

        public override int Encode(Rune rune, Span<byte> codes)
        {
            if (rune.Value is < 0x20 or > 0x7F)
            {
                return 0;
            }

            codes[0] = (byte)rune.Value;
            return 1;
        }
    }

    /// <summary>ISO-IR 13, JIS X 0201 katakana, mapped to the halfwidth katakana U+FF61-U+FF9F.</summary>
    private sealed class KatakanaElement(byte[] g0Escape, byte[] g1Escape) : CodeElement(g0Escape, g1Escape)
    {
        public override void Decode(ReadOnlySpan<byte> bytes, Span<char> output, ref int written)
        {
            foreach (var b in bytes)
            {
                var code = b & 0x7F;
                output[written++] = code is >= 0x21 and <= 0x5F ? (char)(0xFF61 + code - 0x21) : '\uFFFD';
            }
        }

        public override int Encode(Rune rune, Span<byte> codes)
        {
            if (rune.Value is < 0xFF61 or > 0xFF9F)
            {
                return 0;
            }

            codes[0] = (byte)(0x21 + rune.Value - 0xFF61);
            return 1;
        }
    }

    /// <summary>A 96-character set of ISO/IEC 8859 (or TIS 620) in G1, from a table built once from the code page.</summary>
    private sealed class SingleByteElement : CodeElement
    {
        private readonly char[] _upper = new char[96];
        private readonly FrozenDictionary<int, byte> _codes;

        public SingleByteElement(int codePage, char finalByte)
            : base(null, [(byte)'-', (byte)finalByte])
        {
            var encoding = CodePage(codePage, false);
            var codes = new Dictionary<int, byte>();
            Span<byte> one = stackalloc byte[1];
            Span<char> chars = stackalloc char[4];
            for (var i = 0; i < 96; i++)
            {
                one[0] = (byte)(0xA0 + i);
                var count = encoding.GetChars(one, chars);
                var c = count == 1 ? chars[0] : '\uFFFD';
                if (c is >= '\uE000' and <= '\uF8FF')
                {
                    // The code page maps bytes the standard leaves undefined to private use.
                    c = '\uFFFD';
                }

                _upper[i] = c;
                if (c != '\uFFFD')
                {
                    codes.TryAdd(c, (byte)(0x20 + i));
                }
            }

            _codes = codes.ToFrozenDictionary();
        }

        /// <summary>The character for a byte 0x80-0xFF; C1 controls map to themselves.</summary>
        public char Map(byte b) => b < 0xA0 ? (char)b : _upper[b - 0xA0];

        public override void Decode(ReadOnlySpan<byte> bytes, Span<char> output, ref int written)
        {
            foreach (var b in bytes)
            {
                output[written++] = Map((byte)(b | 0x80));
            }
        }

        public override int Encode(Rune rune, Span<byte> codes)
        {
            if (!_codes.TryGetValue(rune.Value, out var code))
            {
                return 0;
            }

            codes[0] = code;
            return 1;
        }
    }

    /// <summary>A 94×94 set, converted through the EUC form of a code page.</summary>
    /// <param name="codePage">The EUC code page: 20932 (EUC-JP), 51949 (EUC-KR) or 936 (GB2312 as part of GBK).</param>
    /// <param name="supplementary">
    /// True for JIS X 0212, which code page 20932 holds with the high bit set on the first byte only.
    /// </param>
    /// <param name="g0Escape">The bytes after ESC designating the set to G0.</param>
    /// <param name="g1Escape">The bytes after ESC designating the set to G1.</param>
    private sealed class DoubleByteElement(int codePage, bool supplementary, byte[]? g0Escape, byte[]? g1Escape)
        : CodeElement(g0Escape, g1Escape)
    {
        private readonly Encoding _encoding = CodePage(codePage, false);

        public override bool IsDoubleByte => true;

        public override void Decode(ReadOnlySpan<byte> bytes, Span<char> output, ref int written)
        {
            Span<byte> pair = stackalloc byte[2];
            Span<char> chars = stackalloc char[4];
            for (var i = 0; i < bytes.Length; i += 2)
            {
                if (i + 1 >= bytes.Length)
                {
                    output[written++] = '\uFFFD';
                    break;
                }

                var first = bytes[i] & 0x7F;
                var second = bytes[i + 1] & 0x7F;
                if (first is < 0x21 or > 0x7E || second is < 0x21 or > 0x7E)
                {
                    output[written++] = '\uFFFD';
                    continue;
                }

                pair[0] = (byte)(first | 0x80);
                pair[1] = (byte)(supplementary ? second : second | 0x80);
                var count = _encoding.GetChars(pair, chars);
                output[written++] = count == 1 ? chars[0] : '\uFFFD';
            }
        }

        public override int Encode(Rune rune, Span<byte> codes)
        {
            if (rune.Value < 0x80)
            {
                return 0;
            }

            Span<char> chars = stackalloc char[2];
            Span<byte> encoded = stackalloc byte[8];
            var length = rune.EncodeToUtf16(chars);
            var count = _encoding.GetBytes(chars[..length], encoded);
            if (count != 2 || encoded[0] is < 0xA1 or > 0xFE)
            {
                return 0;
            }

            var second = encoded[1];
            if (supplementary ? second is < 0x21 or > 0x7E : second is < 0xA1 or > 0xFE)
            {
                return 0;
            }

            codes[0] = (byte)(encoded[0] & 0x7F);
            codes[1] = (byte)(second & 0x7F);
            return 2;
        }
    }

    /// <summary>The code elements and their escape sequences (PS3.3 Tables C.12-3 and C.12-4).</summary>
    private static class CodeElements
    {
        public static readonly CodeElement Ascii = new AsciiElement("(B"u8.ToArray());

        public static readonly CodeElement Romaji = new AsciiElement("(J"u8.ToArray());

        public static readonly CodeElement Katakana = new KatakanaElement("(I"u8.ToArray(), ")I"u8.ToArray());

        public static readonly CodeElement JisX0208 = new DoubleByteElement(20932, false, "$B"u8.ToArray(), "$)B"u8.ToArray());

        public static readonly CodeElement JisX0212 = new DoubleByteElement(20932, true, "$(D"u8.ToArray(), "$)D"u8.ToArray());

        public static readonly CodeElement KsX1001 = new DoubleByteElement(51949, false, "$(C"u8.ToArray(), "$)C"u8.ToArray());

        public static readonly CodeElement Gb2312 = new DoubleByteElement(936, false, "$(A"u8.ToArray(), "$)A"u8.ToArray());

        /// <summary>The ISO 8859 and TIS 620 sets by ISO-IR number.</summary>
        public static readonly (int Number, SingleByteElement Element)[] SingleByteSets =
        [
            (100, new SingleByteElement(28591, 'A')),
            (101, new SingleByteElement(28592, 'B')),
            (109, new SingleByteElement(28593, 'C')),
            (110, new SingleByteElement(28594, 'D')),
            (144, new SingleByteElement(28595, 'L')),
            (127, new SingleByteElement(28596, 'G')),
            (126, new SingleByteElement(28597, 'F')),
            (138, new SingleByteElement(28598, 'H')),
            (148, new SingleByteElement(28599, 'M')),
            (203, new SingleByteElement(28605, 'b')),
            (166, new SingleByteElement(874, 'T')),
        ];

        /// <summary>Every escape sequence recognised when reading (the bytes after ESC), with common variants.</summary>
        public static readonly (byte[] Sequence, Designation Designation)[] EscapeSequences = CreateEscapeSequences();

        private static (byte[], Designation)[] CreateEscapeSequences()
        {
            var list = new List<(byte[], Designation)>();
            foreach (var element in new[] { Ascii, Romaji, Katakana, JisX0208, JisX0212, KsX1001, Gb2312 })
            {
                if (element.G0Escape is not null)
                {
                    list.Add((element.G0Escape, new(element, false)));
                }

                if (element.G1Escape is not null)
                {
                    list.Add((element.G1Escape, new(element, true)));
                }
            }

            foreach (var (_, element) in SingleByteSets)
            {
                list.Add((element.G1Escape!, new(element, true)));
            }

            // JIS C 6226-1978 and the long forms of the G0 designations; GB 2312 in G0.
            list.Add(("$@"u8.ToArray(), new(JisX0208, false)));
            list.Add(("$(B"u8.ToArray(), new(JisX0208, false)));
            list.Add(("$(@"u8.ToArray(), new(JisX0208, false)));
            list.Add(("$A"u8.ToArray(), new(Gb2312, false)));
            return [.. list];
        }
    }

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
