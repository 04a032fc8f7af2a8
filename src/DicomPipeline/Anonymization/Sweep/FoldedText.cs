using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using DicomPipeline.Dicom;

namespace DicomPipeline.Anonymization.Sweep;

/// <summary>
/// Text in the form the sweep compares: letters folded to upper-case ASCII where they have an ASCII base (accents
/// dropped, ß→SS, ø→O, æ→AE, ł→L), other letters (Greek, Cyrillic, ideographs) upper-cased as they are, and everything
/// that is not a letter or a digit dropped. What is left is cut into tokens at every dropped character and wherever
/// letters meet digits, so "Müller-Lüdenscheidt, H." gives MULLER LUDENSCHEIDT H and "MRN1234567" gives MRN 1234567.
/// The folded characters stay contiguous (<see cref="Chars"/>), so any run of adjacent tokens is one span: a value
/// matches a needle when such a run equals it.
/// </summary>
/// <remarks>
/// <see cref="OriginalStart"/> and <see cref="OriginalEnd"/> map each folded character back to the text it came from,
/// so a match inside free text can be replaced there and nothing else. One instance serves every value of a file and is
/// then reused for another (<see cref="FoldedTextPool"/>): it keeps its buffers, and folding a value allocates nothing. Bytes are
/// folded as Latin-1 straight from the value (ASCII is Latin-1), without making a string.
/// </remarks>
internal sealed class FoldedText
{
    private static readonly ConcurrentDictionary<char, string> Folds = new();

    private char[] _chars = new char[256];
    private int[] _originalStart = new int[256];
    private int[] _originalEnd = new int[256];
    private int[] _tokenStarts = new int[64];
    private int _length;
    private int _tokenCount;
    private Kind _previous;

    /// <summary>The folded characters, without separators.</summary>
    public ReadOnlySpan<char> Chars => _chars.AsSpan(0, _length);

    /// <summary>How many folded characters there are.</summary>
    public int Length => _length;

    /// <summary>How many tokens the text has.</summary>
    public int TokenCount => _tokenCount;

    /// <summary>The most characters or tokens a buffer has room for (a pool drops buffers that grew large).</summary>
    public int Capacity => Math.Max(_chars.Length, _tokenStarts.Length);

    /// <summary>Forgets the last value (a pooled buffer holds no text between files).</summary>
    public void Clear() => Reset();

    /// <summary>Where token <paramref name="index"/> starts in <see cref="Chars"/>.</summary>
    public int TokenStart(int index) => _tokenStarts[index];

    /// <summary>Where token <paramref name="index"/> ends (exclusive) in <see cref="Chars"/>.</summary>
    public int TokenEnd(int index) => index + 1 < _tokenCount ? _tokenStarts[index + 1] : _length;

    /// <summary>The folded characters of token <paramref name="index"/>.</summary>
    public ReadOnlySpan<char> Token(int index) => Chars[_tokenStarts[index]..TokenEnd(index)];

    /// <summary>The index in the original text of the character folded character <paramref name="folded"/> came from.</summary>
    public int OriginalStart(int folded) => _originalStart[folded];

    /// <summary>The index in the original text just after the character folded character <paramref name="folded"/> came from.</summary>
    public int OriginalEnd(int folded) => _originalEnd[folded];

    /// <summary>Folds <paramref name="text"/>, replacing what this instance held.</summary>
    public FoldedText Fold(ReadOnlySpan<char> text)
    {
        Reset();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 0x80)
            {
                AppendAscii(c, i);
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                // Outside the BMP: ideographs and letters of other scripts count as one letter each; the rest separates.
                var category = CharUnicodeInfo.GetUnicodeCategory(char.ConvertToUtf32(c, text[i + 1]));
                if (category is UnicodeCategory.OtherLetter or UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter)
                {
                    Append(c, i, i + 2);
                    Append(text[i + 1], i, i + 2);
                }
                else
                {
                    _previous = Kind.Separator;
                }

                i++;
                continue;
            }

            AppendFolded(Folds.GetOrAdd(c, FoldUncached), i);
        }

        return this;
    }

    /// <summary>
    /// Folds bytes read as Latin-1 (each byte is the character of the same code; ASCII is its first half), replacing
    /// what this instance held. The original indices are byte offsets.
    /// </summary>
    public FoldedText FoldLatin1(ReadOnlySpan<byte> bytes)
    {
        if (Ascii.IsValid(bytes))
        {
            return FoldAscii(bytes);
        }

        Reset();
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            if (b < 0x80)
            {
                AppendAscii((char)b, i);
            }
            else
            {
                AppendFolded(Folds.GetOrAdd((char)b, FoldUncached), i);
            }
        }

        return this;
    }

    /// <summary>
    /// Folds ASCII bytes (the caller knows they are), most of every value, in one tight loop: a byte gives at most one
    /// folded character, so the buffers are made large enough once and no character goes through a call.
    /// </summary>
    public FoldedText FoldAscii(ReadOnlySpan<byte> bytes)
    {
        if (_chars.Length < bytes.Length)
        {
            var size = Math.Max(bytes.Length, _chars.Length * 2);
            _chars = new char[size];
            _originalStart = new int[size];
            _originalEnd = new int[size];
        }

        if (_tokenStarts.Length < bytes.Length)
        {
            _tokenStarts = new int[Math.Max(bytes.Length, _tokenStarts.Length * 2)];
        }

        var chars = _chars;
        var starts = _originalStart;
        var ends = _originalEnd;
        var tokenStarts = _tokenStarts;
        var length = 0;
        var tokens = 0;
        var previous = Kind.Separator;
        for (var i = 0; i < bytes.Length; i++)
        {
            uint c = bytes[i];
            Kind kind;
            if (c - '0' <= 9)
            {
                kind = Kind.Digit;
            }
            else
            {
                // Upper case for lower-case letters; what is then not A-Z is no letter nor digit: a separator.
                var upper = c & ~0x20u;
                if (upper - 'A' > 'Z' - 'A')
                {
                    previous = Kind.Separator;
                    continue;
                }

                kind = Kind.Letter;
                c = upper;
            }

            if (kind != previous)
            {
                tokenStarts[tokens++] = length;
                previous = kind;
            }

            chars[length] = (char)c;
            starts[length] = i;
            ends[length] = i + 1;
            length++;
        }

        _length = length;
        _tokenCount = tokens;
        _previous = previous;
        return this;
    }

    /// <summary>Folds a value on its own: the folded characters without separators (a needle's form).</summary>
    public string Key(string text) => Fold(text).Chars.ToString();

    /// <summary>The tokens of a value folded on its own.</summary>
    public List<string> TokensOf(string text)
    {
        Fold(text);
        var tokens = new List<string>(_tokenCount);
        for (var t = 0; t < _tokenCount; t++)
        {
            tokens.Add(Chars[TokenStart(t)..TokenEnd(t)].ToString());
        }

        return tokens;
    }

    private void Reset()
    {
        _length = 0;
        _tokenCount = 0;
        _previous = Kind.Separator;
    }

    private void AppendAscii(char c, int index)
    {
        // ASCII, most of every value: no lookup and no string per character.
        if (!char.IsAsciiLetterOrDigit(c))
        {
            _previous = Kind.Separator;
            return;
        }

        Append(char.IsAsciiLetterLower(c) ? (char)(c - 32) : c, index, index + 1);
    }

    private void AppendFolded(string folded, int index)
    {
        if (folded.Length == 0)
        {
            _previous = Kind.Separator;
            return;
        }

        foreach (var f in folded)
        {
            Append(f, index, index + 1);
        }
    }

    private void Append(char f, int start, int end)
    {
        var kind = char.IsAsciiDigit(f) ? Kind.Digit : Kind.Letter;
        if (kind != _previous)
        {
            if (_tokenCount == _tokenStarts.Length)
            {
                Array.Resize(ref _tokenStarts, _tokenStarts.Length * 2);
            }

            _tokenStarts[_tokenCount++] = _length;
        }

        _previous = kind;
        if (_length == _chars.Length)
        {
            Array.Resize(ref _chars, _chars.Length * 2);
            Array.Resize(ref _originalStart, _chars.Length);
            Array.Resize(ref _originalEnd, _chars.Length);
        }

        _chars[_length] = f;
        _originalStart[_length] = start;
        _originalEnd[_length] = end;
        _length++;
    }

    private static string FoldUncached(char c)
    {
        // Letters whose ASCII spelling is not their decomposition.
        switch (c)
        {
            case 'ß' or 'ẞ':
                return "SS";
            case 'ø' or 'Ø':
                return "O";
            case 'æ' or 'Æ':
                return "AE";
            case 'œ' or 'Œ':
                return "OE";
            case 'ł' or 'Ł':
                return "L";
            case 'đ' or 'Đ' or 'ð' or 'Ð':
                return "D";
            case 'þ' or 'Þ':
                return "TH";
            case 'ı':
                return "I";
            case 'ħ' or 'Ħ':
                return "H";
        }

        if (char.IsDigit(c))
        {
            // Full-width and other decimal digits are digits.
            var value = (int)char.GetNumericValue(c);
            return value is >= 0 and <= 9 ? ((char)('0' + value)).ToString() : string.Empty;
        }

        if (!char.IsLetter(c))
        {
            return string.Empty;
        }

        // Compatibility decomposition drops accents and widens full-width letters to ASCII (from the generated table:
        // string.Normalize does nothing to non-ASCII text where .NET runs without ICU, as the native console does).
        var decomposed = LetterFolding.Decompose(c);
        var s = new StringBuilder(decomposed.Length);
        foreach (var d in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(d) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            {
                continue;
            }

            if (char.IsLetterOrDigit(d))
            {
                s.Append(char.ToUpperInvariant(d));
            }
        }

        return s.ToString();
    }

    private enum Kind
    {
        Separator,
        Letter,
        Digit,
    }
}
