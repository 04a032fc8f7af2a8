using System.Collections.Frozen;
using System.Text;
using DicomPipeline.Dicom;

namespace DicomPipeline.Verification;

/// <summary>
/// The verifier's own normalisation, independent of the de-identifier's: text is cut into tokens (runs of letters, runs
/// of digits, runs of CJK characters); letters are lower-cased and folded to plain Latin (é -> e, ö -> o, ß -> ss,
/// ø -> o, æ -> ae, ł -> l, full-width A -> a); everything else (spaces, punctuation, <c>^</c>, <c>=</c>, <c>\</c>)
/// only separates tokens. A value is identified by the 64-bit hash of its tokens concatenated, so "Doe^John",
/// "DOE, John" and "doe john" all hash alike, and so do 1970-01-02 and 19700102. Control characters other than tab and
/// line breaks (NUL, the padding of binary values read as text) and U+FFFD (bytes that were not text) are hard breaks:
/// tokens on both sides of one are never joined (<see cref="Token.BreakBefore"/>), so single digits between NULs of a
/// number table do not add up to an ID.
/// </summary>
internal sealed class TextTokens
{
    private const ulong OffsetBasis = 14695981039346656037;
    private const ulong Prime = 1099511628211;
    private const int FoldTableSize = 0x250;

    // Latin-1 and Latin Extended-A/B folded once: é -> e, Å -> a; other characters are only lower-cased.
    private static readonly char[] FoldTable = BuildFoldTable();

    // Letters with no decomposition that a person still writes as plain Latin: the second character of two-letter
    // foldings (ß -> ss), and one-letter foldings FormD does not give (ø -> o, ł -> l, đ -> d).
    private static readonly FrozenDictionary<char, string> Expansions = new Dictionary<char, string>
    {
        ['ß'] = "ss", ['ẞ'] = "ss", ['æ'] = "ae", ['Æ'] = "ae", ['œ'] = "oe", ['Œ'] = "oe", ['þ'] = "th", ['Þ'] = "th",
        ['ĳ'] = "ij", ['Ĳ'] = "ij", ['ø'] = "o", ['Ø'] = "o", ['ł'] = "l", ['Ł'] = "l", ['đ'] = "d", ['Đ'] = "d",
        ['ð'] = "d", ['Ð'] = "d", ['ħ'] = "h", ['Ħ'] = "h", ['ı'] = "i", ['ŧ'] = "t", ['Ŧ'] = "t", ['ŀ'] = "l", ['Ŀ'] = "l",
    }.ToFrozenDictionary();

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

        if (c is (>= '\uFF10' and <= '\uFF19') or (>= '\uFF21' and <= '\uFF3A') or (>= '\uFF41' and <= '\uFF5A'))
        {
            // Full-width digits and Latin letters, as East Asian character sets write them.
            return Classify((char)(c - 0xFEE0), out folded);
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

    /// <summary>Whether <paramref name="c"/> stops tokens on its two sides from being joined into one value.</summary>
    public static bool IsHardBreak(char c) => (c < ' ' && c is not ('\t' or '\n' or '\r')) || c is '\u007F' or '\uFFFD';

    /// <summary>The letters and digits of <paramref name="text"/>, folded, without separators.</summary>
    public static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (Classify(c, out var folded) != Kind.None)
            {
                if (Expansions.TryGetValue(c, out var expansion))
                {
                    builder.Append(expansion);
                }
                else
                {
                    builder.Append(folded);
                }
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
        // A folding writes at most two characters for one.
        if (_folded.Length < 2 * text.Length)
        {
            _folded = new char[Math.Max(2 * text.Length, _folded.Length * 2)];
        }

        Count = 0;
        var written = 0;
        var previous = Kind.None;
        var hardBreak = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var kind = Classify(c, out var folded);
            if (kind == Kind.None)
            {
                hardBreak |= IsHardBreak(c);
                previous = kind;
                continue;
            }

            if (kind != previous)
            {
                if (Count == _tokens.Length)
                {
                    Array.Resize(ref _tokens, _tokens.Length * 2);
                }

                _tokens[Count++] = new Token(written, 0, i, kind) { BreakBefore = hardBreak };
                hardBreak = false;
            }

            ref var token = ref _tokens[Count - 1];
            if (c >= 0xDF && Expansions.TryGetValue(c, out var expansion))
            {
                expansion.CopyTo(_folded.AsSpan(written));
                written += expansion.Length;
                token = token with { Length = token.Length + expansion.Length, TextEnd = i + 1 };
            }
            else
            {
                _folded[written++] = folded;
                token = token with { Length = token.Length + 1, TextEnd = i + 1 };
            }

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
                // The generated table, not string.Normalize: without ICU (the native console) that leaves "Ü" as it is.
                var decomposed = LetterFolding.Decompose(ch);
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

        /// <summary>A hard break (<see cref="IsHardBreak"/>) comes before this token: it is not joined to the one before.</summary>
        public bool BreakBefore { get; init; }
    }
}
