namespace DicomPipeline.Anonymization.Sweep;

/// <summary>
/// Names the instance does not hold anywhere else, found by what stands beside them in free text: a title before
/// ("Protocol of Dr Xalefilum", "CT ordered by Prof. Okafor") or a degree after ("read by Fabrizig MD"). The sweep
/// hunts for the instance's own values; a physician named only in a kept code meaning is nobody's value until a title
/// says it is a person. A title in capitals without a period is not one: DR and MR are modalities, MS a disease.
/// </summary>
internal static class TitledNames
{
    // Titles that mean a person whatever their case, and those that do only as "Dr", "Dr." or "DR." (not "DR").
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Titles =
        new HashSet<string>(StringComparer.Ordinal) { "DOCTOR", "PROF", "PROFESSOR", "MISS", "HERR", "FRAU", "MME", "MLLE" }.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> ShortTitles =
        new HashSet<string>(StringComparer.Ordinal) { "DR", "MR", "MRS", "MS", "DRS" }.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Degrees =
        new HashSet<string>(StringComparer.Ordinal) { "MD", "PHD", "DDS", "DMD" }.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Whether a folded value has a token that is a title or a degree (a cheap look before <see cref="Find"/>).</summary>
    public static bool MayHold(FoldedText folded)
    {
        for (var i = 0; i < folded.TokenCount; i++)
        {
            var token = folded.Token(i);
            if (token.Length is >= 2 and <= 9 && token[0] is 'D' or 'P' or 'M' or 'H' or 'F'
                && (Titles.Contains(token) || ShortTitles.Contains(token)
                    || Degrees.Contains(token)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Adds to <paramref name="hits"/> the folded ranges of up to two name words after each title and before each degree.</summary>
    /// <param name="text">The value as text (the folded characters map into it).</param>
    /// <param name="folded">The value folded (<see cref="FoldedText"/> of <paramref name="text"/>).</param>
    /// <param name="hits">Where the name words' folded ranges go.</param>
    /// <returns>Whether a name was found.</returns>
    public static bool Find(string text, FoldedText folded, List<(int Start, int End)> hits)
    {
        var found = false;
        var count = folded.TokenCount;
        for (var i = 0; i < count; i++)
        {
            var token = folded.Token(i);
            if (token.Length is < 2 or > 9 || char.IsAsciiDigit(token[0]))
            {
                continue;
            }

            if (IsTitle(text, folded, i, token))
            {
                for (var j = i + 1; j < count && j <= i + 2 && IsNameWord(text, folded, j); j++)
                {
                    hits.Add((folded.TokenStart(j), folded.TokenEnd(j)));
                    found = true;
                }
            }
            else if (Degrees.Contains(token))
            {
                for (var j = i - 1; j >= 0 && j >= i - 2 && IsNameWord(text, folded, j); j--)
                {
                    hits.Add((folded.TokenStart(j), folded.TokenEnd(j)));
                    found = true;
                }
            }
        }

        return found;
    }

    private static bool IsTitle(string text, FoldedText folded, int index, ReadOnlySpan<char> token)
    {
        if (Titles.Contains(token))
        {
            return true;
        }

        if (!ShortTitles.Contains(token))
        {
            return false;
        }

        // "Dr" (a capital, then small letters) or any case with a period after it: "Dr.", "DR.".
        var start = folded.OriginalStart(folded.TokenStart(index));
        var end = folded.OriginalEnd(folded.TokenEnd(index) - 1);
        return (end < text.Length && text[end] == '.') || (char.IsUpper(text[start]) && char.IsLower(text[end - 1]));
    }

    /// <summary>A word that can be a name: letters, two or more, written with a capital, not a word of the standard's keywords nor a title.</summary>
    private static bool IsNameWord(string text, FoldedText folded, int index)
    {
        var token = folded.Token(index);
        if (token.Length < 2 || char.IsAsciiDigit(token[0]) || DicomVocabulary.Contains(token)
            || ShortTitles.Contains(token) || Titles.Contains(token)
            || token.SequenceEqual("ANONYMIZED"))
        {
            return false;
        }

        return char.IsUpper(text[folded.OriginalStart(folded.TokenStart(index))]);
    }
}
