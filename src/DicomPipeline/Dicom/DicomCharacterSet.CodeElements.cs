using System.Collections.Frozen;
using System.Text;

namespace DicomPipeline.Dicom;

/// <summary>The code elements of ISO/IEC 2022 (PS3.5 section 6.1.2.5): how each kind of graphic character set maps bytes to characters.</summary>
internal sealed partial class DicomCharacterSet
{
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

    /// <summary>
    /// A 96-character set of ISO/IEC 8859 (or TIS 620) in G1, from a table built from the code page when the set is first
    /// used: most runs meet one or two character sets, and building all of them costs start-up time.
    /// </summary>
    private sealed class SingleByteElement(int codePage, char finalByte) : CodeElement(null, [(byte)'-', (byte)finalByte])
    {
        private Table? _table;

        /// <summary>The character for a byte 0x80-0xFF; C1 controls map to themselves.</summary>
        public char Map(byte b) => b < 0xA0 ? (char)b : Get().Upper[b - 0xA0];

        public override void Decode(ReadOnlySpan<byte> bytes, Span<char> output, ref int written)
        {
            var upper = Get().Upper;
            foreach (var b in bytes)
            {
                var high = (byte)(b | 0x80);
                output[written++] = high < 0xA0 ? (char)high : upper[high - 0xA0];
            }
        }

        public override int Encode(Rune rune, Span<byte> codes)
        {
            if (!Get().Codes.TryGetValue(rune.Value, out var code))
            {
                return 0;
            }

            codes[0] = code;
            return 1;
        }

        private Table Get() => _table ?? LazyInitializer.EnsureInitialized(ref _table, () => Table.Build(codePage));

        private sealed record Table(char[] Upper, FrozenDictionary<int, byte> Codes)
        {
            public static Table Build(int codePage)
            {
                var encoding = CodePage(codePage, false);
                var upper = new char[96];
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

                    upper[i] = c;
                    if (c != '\uFFFD')
                    {
                        codes.TryAdd(c, (byte)(0x20 + i));
                    }
                }

                return new Table(upper, codes.ToFrozenDictionary());
            }
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
        // Made when the set is first used, as the single-byte tables are.
        private Encoding? _encoding;

        private Encoding Encoding => _encoding ?? LazyInitializer.EnsureInitialized(ref _encoding, () => CodePage(codePage, false));

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
                var count = Encoding.GetChars(pair, chars);
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
            var count = Encoding.GetBytes(chars[..length], encoded);
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
}
