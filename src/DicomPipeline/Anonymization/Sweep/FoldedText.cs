using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

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
/// so a match inside free text can be replaced there and nothing else. One instance is reused for every value of a
/// walk (it keeps its buffers).
/// </remarks>
internal sealed class FoldedText
{
    private static readonly ConcurrentDictionary<char, string> Folds = new();
    private readonly StringBuilder _chars = new();
    private readonly List<int> _originalStart = [];
    private readonly List<int> _originalEnd = [];
    private readonly List<int> _tokenStarts = [];
    private string _folded = string.Empty;

    /// <summary>The folded characters, without separators.</summary>
    public string Chars => _folded;

    /// <summary>How many tokens the text has.</summary>
    public int TokenCount => _tokenStarts.Count;

    /// <summary>Where token <paramref name="index"/> starts in <see cref="Chars"/>.</summary>
    public int TokenStart(int index) => _tokenStarts[index];

    /// <summary>Where token <paramref name="index"/> ends (exclusive) in <see cref="Chars"/>.</summary>
    public int TokenEnd(int index) => index + 1 < _tokenStarts.Count ? _tokenStarts[index + 1] : _folded.Length;

    /// <summary>The index in the original text of the character folded character <paramref name="folded"/> came from.</summary>
    public int OriginalStart(int folded) => _originalStart[folded];

    /// <summary>The index in the original text just after the character folded character <paramref name="folded"/> came from.</summary>
    public int OriginalEnd(int folded) => _originalEnd[folded];

    /// <summary>Folds <paramref name="text"/>, replacing what this instance held.</summary>
    public FoldedText Fold(string text)
    {
        _chars.Clear();
        _originalStart.Clear();
        _originalEnd.Clear();
        _tokenStarts.Clear();
        var previous = Kind.Separator;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 0x80)
            {
                // ASCII, most of every value: no string per character.
                if (!char.IsAsciiLetterOrDigit(c))
                {
                    previous = Kind.Separator;
                    continue;
                }

                var upper = char.IsAsciiLetterLower(c) ? (char)(c - 32) : c;
                var asciiKind = char.IsAsciiDigit(upper) ? Kind.Digit : Kind.Letter;
                if (asciiKind != previous)
                {
                    _tokenStarts.Add(_chars.Length);
                }

                previous = asciiKind;
                _chars.Append(upper);
                _originalStart.Add(i);
                _originalEnd.Add(i + 1);
                continue;
            }

            var width = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            var folded = FoldChar(text, i, width);
            if (folded.Length == 0)
            {
                previous = Kind.Separator;
                i += width - 1;
                continue;
            }

            foreach (var f in folded)
            {
                var kind = char.IsAsciiDigit(f) ? Kind.Digit : Kind.Letter;
                if (kind != previous)
                {
                    _tokenStarts.Add(_chars.Length);
                }

                previous = kind;
                _chars.Append(f);
                _originalStart.Add(i);
                _originalEnd.Add(i + width);
            }

            i += width - 1;
        }

        _folded = _chars.ToString();
        return this;
    }

    /// <summary>Folds a value on its own: the folded characters without separators (a needle's form).</summary>
    public static string FoldToKey(string text)
    {
        var s = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 0x80)
            {
                if (char.IsAsciiLetterOrDigit(c))
                {
                    s.Append(char.IsAsciiLetterLower(c) ? (char)(c - 32) : c);
                }

                continue;
            }

            var width = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            s.Append(FoldChar(text, i, width));
            i += width - 1;
        }

        return s.ToString();
    }

    /// <summary>The tokens of a value folded on its own.</summary>
    public static List<string> Tokens(string text)
    {
        var folded = new FoldedText().Fold(text);
        var tokens = new List<string>(folded.TokenCount);
        for (var t = 0; t < folded.TokenCount; t++)
        {
            tokens.Add(folded.Chars[folded.TokenStart(t)..folded.TokenEnd(t)]);
        }

        return tokens;
    }

    private static string FoldChar(string text, int index, int width)
    {
        var c = text[index];
        if (c < 0x80)
        {
            return char.IsAsciiLetterOrDigit(c) ? char.IsAsciiLetterLower(c) ? ((char)(c - 32)).ToString() : c.ToString() : string.Empty;
        }

        if (width == 2)
        {
            // Outside the BMP: ideographs and letters of other scripts count as one letter each; the rest separates.
            var category = CharUnicodeInfo.GetUnicodeCategory(text, index);
            return category is UnicodeCategory.OtherLetter or UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
                ? text.Substring(index, 2) : string.Empty;
        }

        return Folds.GetOrAdd(c, FoldUncached);
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

        // Compatibility decomposition drops accents and widens full-width letters to ASCII.
        var decomposed = c.ToString().Normalize(NormalizationForm.FormKD);
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
