using System.Text;

namespace DicomPipeline.Verification;

/// <summary>
/// The verifier's own normalisation, independent of the de-identifier's: text is cut into tokens (runs of letters, runs
/// of digits, runs of CJK characters); letters are lower-cased and stripped of diacritics; everything else (spaces,
/// punctuation, <c>^</c>, <c>=</c>, <c>\</c>) only separates tokens. A value is identified by the 64-bit hash of its
/// tokens concatenated, so "Doe^John", "DOE, John" and "doe john" all hash alike, and so do 1970-01-02 and 19700102.
/// </summary>
internal sealed class TextTokens
{
    private const ulong OffsetBasis = 14695981039346656037;
    private const ulong Prime = 1099511628211;
    private const int FoldTableSize = 0x250;

    // Latin-1 and Latin Extended-A/B folded once: é -> e, Å -> a; other characters are only lower-cased.
    private static readonly char[] FoldTable = BuildFoldTable();

    private char[] _folded = new char[256];
    private Token[] _tokens = new Token[64];

    /// <summary>The number of tokens of the last text read.</summary>
    public int Count { get; private set; }

    /// <summary>The character classes that make tokens.</summary>
    public enum Kind : byte
    {
        /// <summary>Separates tokens.</summary>
        None,

        /// <summary>A letter outside the CJK scripts.</summary>
        Letter,

        /// <summary>A decimal digit.</summary>
        Digit,

        /// <summary>Han, kana or hangul: scripts written without spaces between words.</summary>
        Cjk,
    }

    /// <summary>Hashes a normalised text, e.g. one made by <see cref="Normalize"/>.</summary>
    public static ulong Hash(ReadOnlySpan<char> normalized) => Finish(Append(OffsetBasis, normalized));

    /// <summary>Starts an incremental hash.</summary>
    public static ulong Start() => OffsetBasis;

    /// <summary>Adds characters to an incremental hash.</summary>
    public static ulong Append(ulong state, ReadOnlySpan<char> chars)
    {
        foreach (var c in chars)
        {
            state = (state ^ c) * Prime;
        }

        return state;
    }

    /// <summary>Adds bytes to an incremental hash.</summary>
    public static ulong AppendBytes(ulong state, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            state = (state ^ b) * Prime;
        }

        return state;
    }

    /// <summary>Finishes an incremental hash (a 64-bit mix, so similar texts land far apart).</summary>
    public static ulong Finish(ulong state)
    {
        state ^= state >> 33;
        state *= 0xff51afd7ed558ccd;
        state ^= state >> 33;
        state *= 0xc4ceb93fe53e863b;
        state ^= state >> 33;
        return state;
    }

    /// <summary>Classifies a character and gives its folded form.</summary>
    public static Kind Classify(char c, out char folded)
    {
        if (c < FoldTableSize)
        {
            folded = FoldTable[c];
            return folded == '\0' ? Kind.None : char.IsAsciiDigit(folded) ? Kind.Digit : Kind.Letter;
        }

        if (IsCjk(c))
        {
            folded = c;
            return Kind.Cjk;
        }

        if (char.IsLetter(c))
        {
            folded = char.ToLowerInvariant(c);
            return Kind.Letter;
        }

        folded = '\0';
        return Kind.None;
    }

    /// <summary>The letters and digits of <paramref name="text"/>, folded, without separators.</summary>
    public static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (Classify(c, out var folded) != Kind.None)
            {
                builder.Append(folded);
            }
        }

        return builder.ToString();
    }

    /// <summary>How many tokens <paramref name="text"/> has.</summary>
    public static int CountTokens(string text)
    {
        var count = 0;
        var previous = Kind.None;
        foreach (var c in text)
        {
            var kind = Classify(c, out _);
            if (kind != Kind.None && kind != previous)
            {
                count++;
            }

            previous = kind;
        }

        return count;
    }

    /// <summary>Whether all of <paramref name="normalized"/> is CJK.</summary>
    public static bool IsAllCjk(ReadOnlySpan<char> normalized)
    {
        foreach (var c in normalized)
        {
            if (!IsCjk(c))
            {
                return false;
            }
        }

        return !normalized.IsEmpty;
    }

    /// <summary>Cuts <paramref name="text"/> into tokens, replacing those of the previous call.</summary>
    public void Read(ReadOnlySpan<char> text)
    {
        if (_folded.Length < text.Length)
        {
            _folded = new char[Math.Max(text.Length, _folded.Length * 2)];
        }

        Count = 0;
        var written = 0;
        var previous = Kind.None;
        for (var i = 0; i < text.Length; i++)
        {
            var kind = Classify(text[i], out var folded);
            if (kind == Kind.None)
            {
                previous = kind;
                continue;
            }

            if (kind != previous)
            {
                if (Count == _tokens.Length)
                {
                    Array.Resize(ref _tokens, _tokens.Length * 2);
                }

                _tokens[Count++] = new Token(written, 0, i, kind);
            }

            ref var token = ref _tokens[Count - 1];
            token = token with { Length = token.Length + 1, TextEnd = i + 1 };
            _folded[written++] = folded;
            previous = kind;
        }
    }

    /// <summary>The folded characters of token <paramref name="index"/>.</summary>
    public ReadOnlySpan<char> Folded(int index)
    {
        var token = _tokens[index];
        return _folded.AsSpan(token.Start, token.Length);
    }

    /// <summary>Token <paramref name="index"/>.</summary>
    public Token this[int index] => _tokens[index];

    private static bool IsCjk(char c) =>
        c is (>= '\u3040' and <= '\u30FF') // hiragana, katakana
            or (>= '\u3400' and <= '\u9FFF') // CJK unified ideographs (and extension A)
            or (>= '\uAC00' and <= '\uD7AF') // hangul syllables
            or (>= '\uF900' and <= '\uFAFF') // CJK compatibility ideographs
            or (>= '\uFF66' and <= '\uFF9F'); // half-width katakana

    private static char[] BuildFoldTable()
    {
        var table = new char[FoldTableSize];
        for (var c = 0; c < FoldTableSize; c++)
        {
            var ch = (char)c;
            if (char.IsAsciiDigit(ch))
            {
                table[c] = ch;
            }
            else if (char.IsLetter(ch))
            {
                var decomposed = ch.ToString().Normalize(NormalizationForm.FormD);
                table[c] = char.ToLowerInvariant(char.IsLetter(decomposed[0]) ? decomposed[0] : ch);
            }
        }

        return table;
    }

    /// <summary>One token: where its folded characters are, and where it was in the text.</summary>
    /// <param name="Start">The first folded character.</param>
    /// <param name="Length">How many folded characters.</param>
    /// <param name="TextStart">Where the token starts in the text read.</param>
    /// <param name="Kind">Letters, digits or CJK.</param>
    public readonly record struct Token(int Start, int Length, int TextStart, Kind Kind)
    {
        /// <summary>Where the token ends in the text read (exclusive).</summary>
        public int TextEnd { get; init; }
    }
}
