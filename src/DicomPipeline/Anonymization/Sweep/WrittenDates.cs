namespace DicomPipeline.Anonymization.Sweep;

/// <summary>
/// Dates the instance does not hold anywhere else, found by their shape in kept free text: a birth date typed into a
/// code meaning of a file whose own Patient's Birth Date is empty is nobody's value to hunt for, but it is still a date.
/// Recognised (on the folded tokens, <see cref="FoldedText"/>): DICOM's own DA and DT digits ("19320301",
/// "193203011200"); three numbers with one separator between them, the year of four digits first or last ("1932-03-01",
/// "01.03.1932", "3/1/1932"); and a month's name in English, German or French with a day and a year ("1 March 1932",
/// "March 1st, 1932", "01-MAR-32", "1932 Mar 01"; a year of two digits only after the month and not before a colon). Each must be a real calendar date from 1880 to 2099.
/// </summary>
/// <remarks>
/// Numbers without a separator in another order than year-month-day ("01031932") and two-digit years without a month's
/// name ("3/1/32") are not read: too many counts, sizes and versions have their shape. The instance's own dates in every
/// spelling are the needles' work (<see cref="DateSpellings"/>).
/// </remarks>
internal static class WrittenDates
{
    private const int FirstYear = 1880;
    private const int LastYear = 2099;

    private static readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> Months = MonthsByName().GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Whether a folded value has a token a date could start from (a cheap look before <see cref="Find"/>).</summary>
    public static bool MayHold(FoldedText folded)
    {
        for (var i = 0; i < folded.TokenCount; i++)
        {
            var token = folded.Token(i);
            if (char.IsAsciiDigit(token[0])
                    ? token.Length >= 8 || (token.Length == 4 && Number(token) is >= FirstYear and <= LastYear)
                    : token.Length is >= 3 and <= 9 && Months.ContainsKey(token))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Adds to <paramref name="hits"/> the folded range of each date written in the value.</summary>
    /// <param name="text">The value as text (the folded characters map into it).</param>
    /// <param name="folded">The value folded (<see cref="FoldedText"/> of <paramref name="text"/>).</param>
    /// <param name="hits">Where the dates' folded ranges go.</param>
    /// <returns>Whether a date was found.</returns>
    public static bool Find(ReadOnlySpan<char> text, FoldedText folded, List<(int Start, int End)> hits)
    {
        var found = false;
        var count = folded.TokenCount;
        for (var i = 0; i < count; i++)
        {
            var last = DateAt(text, folded, i);
            if (last >= i)
            {
                hits.Add((folded.TokenStart(i), folded.TokenEnd(last)));
                found = true;
                i = last;
            }
        }

        return found;
    }

    /// <summary>The index of the last token of a date that starts at token <paramref name="i"/>, or -1.</summary>
    private static int DateAt(ReadOnlySpan<char> text, FoldedText folded, int i)
    {
        var token = folded.Token(i);
        if (!char.IsAsciiDigit(token[0]))
        {
            // "March 1st, 1932", "Mar 1 32" are read from the day; a month first is only the start of "month day year".
            return Months.TryGetValue(token, out var month) ? MonthDayYear(folded, i, month) : -1;
        }

        if (token.Length is 8 or 10 or 12 or 14 && IsDigitDateTime(token))
        {
            return i;
        }

        return Math.Max(NumericWithSeparators(text, folded, i), WithMonthName(text, folded, i));
    }

    /// <summary>DA or DT digits: YYYYMMDD, then hours, minutes and seconds when longer.</summary>
    private static bool IsDigitDateTime(ReadOnlySpan<char> token)
    {
        if (!IsDate(Number(token[..4]), Number(token[4..6]), Number(token[6..8])))
        {
            return false;
        }

        return (token.Length < 10 || Number(token[8..10]) < 24)
            && (token.Length < 12 || Number(token[10..12]) < 60)
            && (token.Length < 14 || Number(token[12..14]) < 60);
    }

    /// <summary>"1932-03-01", "01.03.1932", "3/1/1932": three numbers, one and the same separator between them.</summary>
    private static int NumericWithSeparators(ReadOnlySpan<char> text, FoldedText folded, int i)
    {
        if (i + 2 >= folded.TokenCount)
        {
            return -1;
        }

        var a = folded.Token(i);
        var b = folded.Token(i + 1);
        var c = folded.Token(i + 2);
        if (!IsNumber(b, 1, 2) || !char.IsAsciiDigit(c[0]) || !OneSeparator(text, folded, i, out var first) || !OneSeparator(text, folded, i + 1, out var second) || first != second)
        {
            return -1;
        }

        if (a.Length == 4 && IsNumber(c, 1, 2))
        {
            return IsDate(Number(a), Number(b), Number(c)) ? i + 2 : -1;
        }

        if (IsNumber(a, 1, 2) && c.Length == 4)
        {
            var year = Number(c);
            return IsDate(year, Number(b), Number(a)) || IsDate(year, Number(a), Number(b)) ? i + 2 : -1;
        }

        return -1;
    }

    /// <summary>"1 March 1932", "1st of March 1932", "01-MAR-32", "1932 Mar 01", read from the first number.</summary>
    private static int WithMonthName(ReadOnlySpan<char> text, FoldedText folded, int i)
    {
        var count = folded.TokenCount;
        var first = folded.Token(i);
        var next = SkipOrdinal(folded, i + 1, first);
        if (next < count && folded.Token(next).SequenceEqual("OF"))
        {
            next++;
        }

        if (next + 1 >= count || !Months.TryGetValue(folded.Token(next), out var month))
        {
            return -1;
        }

        // A year of two digits is no hour: "11 Feb 15:08" is a time.
        var after = folded.Token(next + 1);
        if (IsNumber(first, 1, 2) && IsYear(after, out var year) && IsDate(year, month, Number(first)) && !BeforeColon(text, folded, next + 1))
        {
            return next + 1;
        }

        // Year first: "1932 Mar 01".
        return first.Length == 4 && IsNumber(after, 1, 2) && IsDate(Number(first), month, Number(after)) ? next + 1 : -1;
    }

    /// <summary>"March 1, 1932", "Mar 1st 1932", "MAR 01 32", from the month's name at <paramref name="i"/>.</summary>
    private static int MonthDayYear(FoldedText folded, int i, int month)
    {
        if (i + 2 >= folded.TokenCount)
        {
            return -1;
        }

        // The year of four digits: in "Feb 11 15:08:23 2025" the 15 is an hour.
        var day = folded.Token(i + 1);
        var next = SkipOrdinal(folded, i + 2, day);
        return IsNumber(day, 1, 2) && next < folded.TokenCount && IsNumber(folded.Token(next), 4, 4)
            && IsDate(Number(folded.Token(next)), month, Number(day)) ? next : -1;
    }

    /// <summary>The token after an English ordinal's letters ("1ST", "2ND"), or <paramref name="index"/>.</summary>
    private static int SkipOrdinal(FoldedText folded, int index, ReadOnlySpan<char> number) =>
        index < folded.TokenCount && number.Length <= 2 && folded.Token(index) is "ST" or "ND" or "RD" or "TH" ? index + 1 : index;

    /// <summary>Whether tokens <paramref name="i"/> and the next are parted by one character only, and which.</summary>
    private static bool OneSeparator(ReadOnlySpan<char> text, FoldedText folded, int i, out char separator)
    {
        var end = folded.OriginalEnd(folded.TokenEnd(i) - 1);
        var next = folded.OriginalStart(folded.TokenStart(i + 1));
        separator = next == end + 1 && end < text.Length ? text[end] : '\0';
        return separator is '-' or '/' or '.' or ' ';
    }

    private static bool BeforeColon(ReadOnlySpan<char> text, FoldedText folded, int i)
    {
        var end = folded.OriginalEnd(folded.TokenEnd(i) - 1);
        return end < text.Length && text[end] == ':';
    }

    private static bool IsYear(ReadOnlySpan<char> token, out int year)
    {
        year = token.Length switch
        {
            4 when IsNumber(token, 4, 4) => Number(token),
            2 when IsNumber(token, 2, 2) => Number(token) + (Number(token) < 30 ? 2000 : 1900),
            _ => 0,
        };
        return year != 0;
    }

    private static bool IsDate(int year, int month, int day) =>
        year is >= FirstYear and <= LastYear && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month);

    private static bool IsNumber(ReadOnlySpan<char> token, int shortest, int longest) =>
        token.Length >= shortest && token.Length <= longest && char.IsAsciiDigit(token[0]);

    private static int Number(ReadOnlySpan<char> digits)
    {
        var n = 0;
        foreach (var c in digits)
        {
            n = (n * 10) + (c - '0');
        }

        return n;
    }


    private static Dictionary<string, int> MonthsByName()
    {
        var months = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var m = 0; m < DateSpellings.MonthNames.Length; m++)
        {
            foreach (var name in DateSpellings.MonthNames[m])
            {
                months[name] = m + 1;
            }
        }

        return months;
    }
}
