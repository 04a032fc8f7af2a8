using System.Globalization;

namespace DicomPipeline.Anonymization.Sweep;

/// <summary>
/// Every common spelling of a date, folded (<see cref="FoldedText"/>): numeric with year-first, day-first and month-first
/// orders, with and without leading zeros, four- and two-digit years; and with the month's name in English, German and
/// French, English ordinals included ("March 2nd, 1961", "the 2nd of March 1961").
/// </summary>
internal static class DateSpellings
{
    /// <summary>The months' names and abbreviations in English, German and French, folded, January first.</summary>
    internal static readonly string[][] MonthNames =
    [
        ["JANUARY", "JAN", "JANUAR", "JANVIER", "JANV"],
        ["FEBRUARY", "FEB", "FEBRUAR", "FEVRIER", "FEVR", "FEV"],
        ["MARCH", "MAR", "MARZ", "MARS"],
        ["APRIL", "APR", "AVRIL", "AVR"],
        ["MAY", "MAI"],
        ["JUNE", "JUN", "JUNI", "JUIN"],
        ["JULY", "JUL", "JULI", "JUILLET", "JUIL"],
        ["AUGUST", "AUG", "AOUT"],
        ["SEPTEMBER", "SEP", "SEPT", "SEPTEMBRE"],
        ["OCTOBER", "OCT", "OKTOBER", "OKT", "OCTOBRE"],
        ["NOVEMBER", "NOV", "NOVEMBRE"],
        ["DECEMBER", "DEC", "DEZEMBER", "DEZ", "DECEMBRE"],
    ];

    /// <summary>Adds the spellings of <paramref name="date"/> to <paramref name="needles"/>.</summary>
    public static void AddTo(IdentifierNeedleBuilder needles, DateOnly date)
    {
        var d = date.Day.ToString(CultureInfo.InvariantCulture);
        var dd = date.Day.ToString("00", CultureInfo.InvariantCulture);
        var m = date.Month.ToString(CultureInfo.InvariantCulture);
        var mm = date.Month.ToString("00", CultureInfo.InvariantCulture);
        var yyyy = date.Year.ToString("0000", CultureInfo.InvariantCulture);
        var yy = (date.Year % 100).ToString("00", CultureInfo.InvariantCulture);

        // Numeric: year first, day first and month first, with and without leading zeros, four- and two-digit years.
        foreach (var day in new[] { dd, d })
        {
            foreach (var month in new[] { mm, m })
            {
                needles.AddKey(yyyy + month + day);
                foreach (var year in new[] { yyyy, yy })
                {
                    AddNumeric(needles, day + month + year);
                    AddNumeric(needles, month + day + year);
                }
            }
        }

        AddNumeric(needles, yy + mm + dd);
        needles.AddDigitRunOnly(yyyy + mm + dd);
        needles.AddDigitRunOnly(dd + mm + yyyy);
        needles.AddDigitRunOnly(mm + dd + yyyy);

        // With the month's name: "2 March 1961", "March 2, 1961", "2. März 61", "1961-Mar-02"…
        foreach (var name in MonthNames[date.Month - 1])
        {
            foreach (var day in new[] { dd, d })
            {
                foreach (var year in new[] { yyyy, yy })
                {
                    needles.AddKey(day + name + year);
                    needles.AddKey(name + day + year);
                    needles.AddKey(year + name + day);

                    // English ordinals: "March 2nd, 1961", "the 2nd of March 1961".
                    var ordinal = day + OrdinalSuffix(date.Day);
                    needles.AddKey(name + ordinal + year);
                    needles.AddKey(ordinal + name + year);
                    needles.AddKey(ordinal + "OF" + name + year);
                }
            }
        }
    }

    /// <summary>Adds the spellings of each date of a DA or DT value (several, or a range; or written against DA's rules).</summary>
    public static void AddValue(IdentifierNeedleBuilder needles, string value)
    {
        foreach (var one in value.Split('\\'))
        {
            // A date the file wrote against DA's rules ("1962-07-24", ACR-NEMA's "1937.06.04", "02/12/1988") is a date.
            if (TryParseWritten(one.Trim(' ', '\0'), out var first, out var second))
            {
                AddTo(needles, first);
                if (second != first)
                {
                    AddTo(needles, second);
                }

                continue;
            }

            foreach (var part in one.Split('-', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                // 1900-01-01 is the dummy date (ours and many a device's placeholder): it dates nobody.
                if (part.Length >= 8 && DateOnly.TryParseExact(part[..8], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                    && date != new DateOnly(1900, 1, 1))
                {
                    AddTo(needles, date);
                }
            }
        }
    }

    /// <summary>
    /// Three numbers with one separator ('-', '.', '/'), the year of four digits first or last; with the year last, both
    /// the day-first and the month-first reading when both are dates.
    /// </summary>
    public static bool TryParseWritten(string value, out DateOnly first, out DateOnly second)
    {
        first = second = default;
        var parts = value.Split(['-', '.', '/']);
        if (parts.Length != 3 || value.Length > 10 || !parts.All(p => p.Length is >= 1 and <= 4 && p.All(char.IsAsciiDigit)))
        {
            return false;
        }

        var (a, b, c) = (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture), int.Parse(parts[2], CultureInfo.InvariantCulture));
        if (parts[0].Length == 4)
        {
            return TryDate(a, b, c, out first) && TryDate(a, b, c, out second);
        }

        if (parts[2].Length != 4)
        {
            return false;
        }

        var dayFirst = TryDate(c, b, a, out first);
        var monthFirst = TryDate(c, a, b, out second);
        if (!dayFirst)
        {
            first = second;
        }
        else if (!monthFirst)
        {
            second = first;
        }

        return dayFirst || monthFirst;
    }

    private static bool TryDate(int year, int month, int day, out DateOnly date)
    {
        date = default;
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    private static string OrdinalSuffix(int day) => (day % 100) switch
    {
        11 or 12 or 13 => "TH",
        _ => (day % 10) switch { 1 => "ST", 2 => "ND", 3 => "RD", _ => "TH" },
    };

    private static void AddNumeric(IdentifierNeedleBuilder needles, string key)
    {
        // Six digits or more: shorter numbers are everywhere.
        if (key.Length >= 6)
        {
            needles.AddKey(key);
        }
    }
}
