namespace DicomPipeline.Anonymization.Sweep;

/// <summary>
/// Identifiers the instance does not hold anywhere else, found by their shape in kept free text: a run of six digits or
/// more ("MRN 00526026", "ZQ526026") in a code meaning or an explanation is an ID, an accession or a phone number far
/// more often than anything a reader needs. Not taken: a run of one digit repeated ("000000"), and a run that is part of a
/// dotted number (a UID, a decimal, a version: "1.2.840.10008", "123456.5").
/// </summary>
internal static class WrittenIdentifiers
{
    /// <summary>The fewest digits read as an identifier: shorter numbers are sizes, counts and settings.</summary>
    public const int ShortestRun = 6;

    /// <summary>Whether a folded value has a digit run long enough (a cheap look before <see cref="Find"/>).</summary>
    public static bool MayHold(FoldedText folded)
    {
        for (var i = 0; i < folded.TokenCount; i++)
        {
            var token = folded.Token(i);
            if (token.Length >= ShortestRun && char.IsAsciiDigit(token[0]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Adds to <paramref name="hits"/> the folded range of each identifier's digits not already among them.</summary>
    /// <param name="text">The value as text (the folded characters map into it).</param>
    /// <param name="folded">The value folded (<see cref="FoldedText"/> of <paramref name="text"/>).</param>
    /// <param name="hits">Where the digits' folded ranges go; a run inside a range already there is not added again.</param>
    /// <returns>Whether a run was added.</returns>
    public static bool Find(ReadOnlySpan<char> text, FoldedText folded, List<(int Start, int End)> hits)
    {
        var found = false;
        var count = folded.TokenCount;
        for (var i = 0; i < count; i++)
        {
            var start = folded.TokenStart(i);
            var end = folded.TokenEnd(i);
            var token = folded.Token(i);
            if (token.Length < ShortestRun || !char.IsAsciiDigit(token[0]) || token.IndexOfAnyExcept(token[0]) < 0
                || IsDotted(text, folded, i) || Covered(hits, start, end))
            {
                continue;
            }

            hits.Add((start, end));
            found = true;
        }

        return found;
    }

    /// <summary>Whether token <paramref name="i"/> has a number on either side with a period between: a UID's or a decimal's part.</summary>
    private static bool IsDotted(ReadOnlySpan<char> text, FoldedText folded, int i) =>
        (i > 0 && DotBetween(text, folded, i - 1)) || (i + 1 < folded.TokenCount && DotBetween(text, folded, i));

    /// <summary>Whether tokens <paramref name="i"/> and the next are both numbers with one period and nothing else between.</summary>
    private static bool DotBetween(ReadOnlySpan<char> text, FoldedText folded, int i)
    {
        if (!char.IsAsciiDigit(folded.Chars[folded.TokenStart(i)]) || !char.IsAsciiDigit(folded.Chars[folded.TokenStart(i + 1)]))
        {
            return false;
        }

        var end = folded.OriginalEnd(folded.TokenEnd(i) - 1);
        return folded.OriginalStart(folded.TokenStart(i + 1)) == end + 1 && end < text.Length && text[end] == '.';
    }

    private static bool Covered(List<(int Start, int End)> hits, int start, int end)
    {
        foreach (var (s, e) in hits)
        {
            if (s <= start && end <= e)
            {
                return true;
            }
        }

        return false;
    }
}
