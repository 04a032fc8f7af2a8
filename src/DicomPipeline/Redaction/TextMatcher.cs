namespace DicomPipeline.Redaction;

/// <summary>
/// Decides which OCR lines hold an identifier, forgiving what OCR gets wrong: letters and digits it confuses
/// (O/0, I/1/l, S/5, B/8) count as one, and identifiers of 5 characters or more may be read with one edit (a letter
/// wrong, missing or extra). Spaces and punctuation do not count, so a name split over words is still found. A line
/// holding a hit is blanked whole.
/// </summary>
internal sealed class TextMatcher
{
    /// <summary>The shortest identifier that may be read with one edit; shorter ones must match exactly.</summary>
    public const int FuzzyMinimumLength = 5;

    private readonly string[] _needles;

    public TextMatcher(PixelIdentifiers identifiers)
    {
        ArgumentNullException.ThrowIfNull(identifiers);
        _needles = [.. identifiers.NormalForms.Select(Fold).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Whether <paramref name="text"/> (an OCR line) holds one of the identifiers.</summary>
    public bool Matches(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var folded = Fold(text);
        if (folded.Length == 0)
        {
            return false;
        }

        foreach (var needle in _needles)
        {
            if (folded.Contains(needle, StringComparison.Ordinal))
            {
                return true;
            }

            if (needle.Length >= FuzzyMinimumLength && WithinOneEdit(needle, folded))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Upper case letters and digits only, each OCR-confusable group written as one character.</summary>
    internal static string Fold(string text)
    {
        var folded = new char[text.Length];
        var n = 0;
        foreach (var c in text)
        {
            if (!char.IsLetterOrDigit(c))
            {
                continue;
            }

            folded[n++] = char.ToUpperInvariant(c) switch
            {
                'O' or 'Q' or 'D' => '0',
                'I' or 'L' or '|' or '!' => '1',
                'S' => '5',
                'B' => '8',
                'Z' => '2',
                var u => u,
            };
        }

        return new string(folded, 0, n);
    }

    /// <summary>Whether some substring of <paramref name="text"/> is at most one edit from <paramref name="needle"/> (Sellers' approximate search).</summary>
    private static bool WithinOneEdit(string needle, string text)
    {
        var m = needle.Length;
        Span<int> previous = m <= 256 ? stackalloc int[m + 1] : new int[m + 1];
        Span<int> current = m <= 256 ? stackalloc int[m + 1] : new int[m + 1];
        for (var i = 0; i <= m; i++)
        {
            previous[i] = i;
        }

        if (previous[m] <= 1)
        {
            return true;
        }

        foreach (var c in text)
        {
            // A match may start anywhere in the text: the cost before the needle starts is 0.
            current[0] = 0;
            for (var i = 1; i <= m; i++)
            {
                var substitute = previous[i - 1] + (needle[i - 1] == c ? 0 : 1);
                current[i] = Math.Min(substitute, Math.Min(previous[i] + 1, current[i - 1] + 1));
            }

            if (current[m] <= 1)
            {
                return true;
            }

            current.CopyTo(previous);
        }

        return false;
    }
}
